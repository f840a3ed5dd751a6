namespace ATSync.Core.Inference;

/// <summary>
/// A cheap proxy for how open a generated mouth is: the darkness (1 - mean luminance) of the middle of the lower
/// crop, where an open mouth shows its dark inside. Used only to correlate with the audio's loudness (a sync proxy);
/// it is not a landmark measurement.
/// </summary>
public static class MouthOpening
{
    private const int Side = 160;

    /// <summary>The measured area of the 160x160 crop (the crop runs from mid-nose to below the chin).</summary>
    public const int Left = 48, Right = 112, Top = 56, Bottom = 120;

    /// <param name="generatedChw">[3, 160, 160] floats, B G R, in [0, 1].</param>
    public static double Measure(ReadOnlySpan<float> generatedChw)
    {
        if (generatedChw.Length != 3 * Side * Side)
            throw new ArgumentException($"expected 3x{Side}x{Side} floats, got {generatedChw.Length}", nameof(generatedChw));
        const int plane = Side * Side;
        double sum = 0;
        for (int y = Top; y < Bottom; y++)
            for (int x = Left; x < Right; x++)
            {
                int i = y * Side + x;
                sum += 0.114 * generatedChw[i] + 0.587 * generatedChw[plane + i] + 0.299 * generatedChw[2 * plane + i];
            }
        return 1 - sum / ((Right - Left) * (Bottom - Top));
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
