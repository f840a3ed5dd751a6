namespace ATSync.Core.Numerics;

/// <summary>An n-dimensional array read from or written to .npy: C-order data and its shape.</summary>
public sealed record NpyArray<T>(T[] Data, int[] Shape) where T : unmanaged
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}
