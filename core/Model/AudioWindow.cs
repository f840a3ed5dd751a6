using ATSync.Core.Audio;

namespace ATSync.Core.Model;

/// <summary>
/// The audio window the network sees for one video frame: feature rows i-4 .. i+3 (8 rows, zeros outside the clip),
/// flattened row-major into the model's input shape.
/// </summary>
public static class AudioWindow
{
    public const int RowsBefore = 4;
    public const int RowsAfter = 3;
    public const int Rows = RowsBefore + 1 + RowsAfter;

    /// <summary>hubert [16,32,32] (8 x [2,1024]); wenet [128,16,32] (8 x [16,512]); mel [32,80] (8 x [4,80]).</summary>
    public static long[] Shape(AudioFeatureKind kind) => kind switch
    {
        AudioFeatureKind.Hubert => [16, 32, 32],
        AudioFeatureKind.Wenet => [128, 16, 32],
        AudioFeatureKind.Mel => [32, 80],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown audio feature kind"),
    };

    /// <summary>Number of floats in one window.</summary>
    public static int Length(AudioFeatureKind kind) => (int)Shape(kind).Aggregate(1L, (a, b) => a * b);

    /// <summary>Copies the window for <paramref name="frame"/> into <paramref name="destination"/> (length = 8 rows).</summary>
    public static void Fill(AudioFeatures features, int frame, Span<float> destination)
    {
        var rowLength = features.RowLength;
        if (destination.Length != Rows * rowLength)
            throw new ArgumentException($"window buffer has {destination.Length} floats, expected {Rows * rowLength}");
        for (var k = 0; k < Rows; k++)
        {
            var source = frame - RowsBefore + k;
            var target = destination.Slice(k * rowLength, rowLength);
            if (source < 0 || source >= features.FrameCount) target.Clear();
            else features.Row(source).CopyTo(target);
        }
    }
}
