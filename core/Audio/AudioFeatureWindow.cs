namespace ATSync.Core.Audio;

/// <summary>
/// The network's audio input for one video frame: feature rows i-4 .. i+3 (8 rows, zero rows outside [0, N)),
/// concatenated row-major and read as the model's audio input shape (a plain reshape):
/// hubert 8 x [2,1024] -> [16,32,32]; wenet 8 x [16,512] -> [128,16,32]; mel 8 x [4,80] -> [32,80].
/// </summary>
public static class AudioFeatureWindow
{
    public const int RowsBefore = 4;
    public const int RowsAfter = 3;
    public const int RowCount = RowsBefore + 1 + RowsAfter;

    public static int[] InputShape(AudioFeatureKind kind) => kind switch
    {
        AudioFeatureKind.Hubert => [16, 32, 32],
        AudioFeatureKind.Wenet => [128, 16, 32],
        AudioFeatureKind.Mel => [32, 80],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown audio feature kind"),
    };

    /// <summary>Elements of one window: 8 rows.</summary>
    public static int Length(AudioFeatures features) => RowCount * features.RowLength;

    /// <summary>Writes frame <paramref name="frame"/>'s window into <paramref name="destination"/>; allocates nothing.</summary>
    public static void Fill(AudioFeatures features, int frame, Span<float> destination)
    {
        int rowLength = features.RowLength;
        int length = RowCount * rowLength;
        if (destination.Length < length)
            throw new ArgumentException($"destination holds {destination.Length} floats, a window needs {length}", nameof(destination));
        int frames = features.FrameCount;
        var data = features.Data.AsSpan();
        for (int r = 0; r < RowCount; r++)
        {
            int source = frame - RowsBefore + r;
            var target = destination.Slice(r * rowLength, rowLength);
            if ((uint)source < (uint)frames) data.Slice(source * rowLength, rowLength).CopyTo(target);
            else target.Clear();
        }
    }
}
