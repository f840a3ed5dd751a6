namespace ATSync.Core.Audio;

/// <summary>
/// Audio features aligned to video: row i belongs to video frame i (25 fps). Stored row-major:
/// Shape = [frames, ...RowShape], Data.Length = product of Shape.
/// </summary>
public sealed record AudioFeatures(AudioFeatureKind Kind, float[] Data, int[] Shape)
{
    public int FrameCount => Shape[0];

    public int[] RowShape => Shape[1..];

    public int RowLength => Shape.Skip(1).Aggregate(1, (a, b) => a * b);

    public ReadOnlySpan<float> Row(int frame) => Data.AsSpan(frame * RowLength, RowLength);
}
