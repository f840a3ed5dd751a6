namespace ATSync.Core.Inference;

/// <summary>
/// A cheap proxy for how open a generated mouth is: the luminance contrast (standard deviation) of the mouth area of
/// the 160x160 crop. A closed mouth is an even band of lips and skin; an open one shows dark inside and bright teeth.
/// Used only to correlate with the audio's loudness (the report's sync proxy); it is not a landmark measurement and
/// is weak even on real footage (r ~ 0.15 on the Obama clip with its own audio, see SyncProxyTests).
/// </summary>
public static class MouthOpening
{
    private const int Side = 160;

    /// <summary>The measured area of the 160x160 crop: lips and mouth (the crop runs from mid-nose to below the chin).</summary>
    public const int Left = 50, Right = 110, Top = 50, Bottom = 84;

    /// <param name="generatedChw">[3, 160, 160] floats, B G R, in [0, 1].</param>
    public static double Measure(ReadOnlySpan<float> generatedChw)
    {
        if (generatedChw.Length != 3 * Side * Side)
            throw new ArgumentException($"expected 3x{Side}x{Side} floats, got {generatedChw.Length}", nameof(generatedChw));
        const int plane = Side * Side;
        double sum = 0, squares = 0;
        for (int y = Top; y < Bottom; y++)
            for (int x = Left; x < Right; x++)
            {
                int i = y * Side + x;
                double l = 0.114 * generatedChw[i] + 0.587 * generatedChw[plane + i] + 0.299 * generatedChw[2 * plane + i];
                sum += l;
                squares += l * l;
            }
        const int n = (Right - Left) * (Bottom - Top);
        double mean = sum / n;
        return Math.Sqrt(Math.Max(squares / n - mean * mean, 0));
    }

    /// <summary>
    /// Loudness per video frame for the correlation: RMS in dB (floored at -100 dB), averaged over 5 frames centred on
    /// the frame (the mouth follows the syllable's envelope, not each 40 ms's energy).
    /// </summary>
    public static double[] Loudness(ReadOnlySpan<float> samples16k, int frames)
    {
        const int perFrame = 640, half = 2;
        var db = new double[frames];
        for (int f = 0; f < frames; f++)
        {
            double sum = 0;
            int start = f * perFrame, end = Math.Min(samples16k.Length, start + perFrame);
            for (int i = start; i < end; i++) sum += samples16k[i] * (double)samples16k[i];
            db[f] = 20 * Math.Log10(Math.Max(Math.Sqrt(sum / perFrame), 1e-5));
        }
        var smoothed = new double[frames];
        for (int f = 0; f < frames; f++)
        {
            int from = Math.Max(0, f - half), to = Math.Min(frames - 1, f + half);
            double s = 0;
            for (int k = from; k <= to; k++) s += db[k];
            smoothed[f] = s / (to - from + 1);
        }
        return smoothed;
    }

    /// <summary>Pearson correlation of two equally long series; null with fewer than 3 pairs or no variation.</summary>
    public static double? Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"series differ in length ({a.Count} and {b.Count})");
        int n = a.Count;
        if (n < 3) return null;
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa <= 1e-18 || sbb <= 1e-18 ? null : sab / Math.Sqrt(saa * sbb);
    }
}
