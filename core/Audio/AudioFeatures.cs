namespace ATSync.Core.Audio;

/// <summary>
/// Audio features aligned to video: row i belongs to video frame i (25 fps). Stored row-major:
/// Shape = [frames, ...RowShape], Data.Length = product of Shape.
/// </summary>
public sealed record AudioFeatures(AudioFeatureKind Kind, float[] Data, int[] Shape)
{
    public int FrameCount => Shape[0];

    public int[] RowShape => Shape[1..];

    // A plain loop: RowLength is read on the training hot path and must not allocate.
    public int RowLength
    {
        get
        {
            int length = 1;
            for (int i = 1; i < Shape.Length; i++) length *= Shape[i];
            return length;
        }
    }

    public ReadOnlySpan<float> Row(int frame) => Data.AsSpan(frame * RowLength, RowLength);
}
