namespace ATSync.Core.Media;

/// <summary>An inclusive range of 0-based frame indices.</summary>
public readonly record struct FrameRange(int First, int Last)
{
    public int Length => Last - First + 1;

    public override string ToString() => First == Last ? $"{First}" : $"{First}-{Last}";
}
