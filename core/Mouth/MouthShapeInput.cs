using ATSync.Core.Audio;

namespace ATSync.Core.Mouth;

/// <summary>
/// The mouth-shape model's input for one video frame: the audio around it, feature rows t-6 .. t+6, each averaged over
/// its sub-steps and pooled to at most <see cref="BandsPerRow"/> bands (zeros outside the clip). The window is wider
/// than the image network's 8 rows so it absorbs audio/video offsets of up to ~240 ms; pooling keeps ~260 inputs, few
/// enough for a few hundred training frames (measured on obama_20s: 40 bands or +-8 rows did not do better).
/// </summary>
public static class MouthShapeInput
{
    public const int RowsBefore = 6;
    public const int RowsAfter = 6;
    public const int BandsPerRow = 20;

    public static int Length(AudioFeatures features) => (RowsBefore + 1 + RowsAfter) * Bands(features);

    public static float[] For(AudioFeatures features, int frame)
    {
        var input = new float[Length(features)];
        Fill(features, frame, input);
        return input;
    }

    /// <summary>Fills <paramref name="destination"/> (<see cref="Length"/> floats) for frame <paramref name="frame"/>.</summary>
    public static void Fill(AudioFeatures features, int frame, Span<float> destination)
    {
        if (destination.Length != Length(features))
            throw new ArgumentException($"the mouth-shape input has {Length(features)} values, not {destination.Length}");
        var bands = Bands(features);
        var dims = features.RowShape[^1];
        var steps = features.RowLength / dims;
        var perBand = dims / bands;
        var k = 0;
        for (var t = frame - RowsBefore; t <= frame + RowsAfter; t++)
        {
            if (t < 0 || t >= features.FrameCount)
            {
                destination.Slice(k, bands).Clear();
                k += bands;
                continue;
            }
            var row = features.Row(t);
            for (var b = 0; b < bands; b++)
            {
                double sum = 0;
                for (var s = 0; s < steps; s++)
                    for (var d = b * perBand; d < (b + 1) * perBand; d++)
                        sum += row[s * dims + d];
                destination[k++] = (float)(sum / (steps * perBand));
            }
        }
    }

    /// <summary>Bands per row: the last dimension pooled by a whole factor to at most <see cref="BandsPerRow"/>.</summary>
    private static int Bands(AudioFeatures features)
    {
        var dims = features.RowShape[^1];
        for (var bands = Math.Min(BandsPerRow, dims); bands > 1; bands--)
            if (dims % bands == 0) return bands;
        return 1;
    }
}
