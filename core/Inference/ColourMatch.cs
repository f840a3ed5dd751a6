namespace ATSync.Core.Inference;

/// <summary>
/// Per-channel lookup tables that move the generated pixels' mean and spread onto the original's, measured over the
/// same pixels of both (the mask's soft edge band, where the two must agree for the blend to look seamless).
/// </summary>
internal static class ColourMatch
{
    /// <summary>
    /// Fills <paramref name="tables"/> (3 x 256, B G R) with the mapping g -> (g - meanG) * gain + meanO, gain =
    /// stdO / stdG limited to [1/maxGain, maxGain], if that brings the ring's pixels closer to the original's (mean
    /// absolute difference); otherwise with the identity, and returns false. Both images are 8-bit BGR, Side x Side,
    /// continuous.
    /// </summary>
    public static unsafe bool Build(byte* generated, byte* original, int[] ring, float maxGain, byte[] tables)
    {
        Span<double> sumG = stackalloc double[3], sumG2 = stackalloc double[3];
        Span<double> sumO = stackalloc double[3], sumO2 = stackalloc double[3];
        foreach (int i in ring)
        {
            byte* g = generated + 3 * i, o = original + 3 * i;
            for (int c = 0; c < 3; c++)
            {
                sumG[c] += g[c]; sumG2[c] += g[c] * g[c];
                sumO[c] += o[c]; sumO2[c] += o[c] * o[c];
            }
        }

        int n = Math.Max(ring.Length, 1);
        for (int c = 0; c < 3; c++)
        {
            double meanG = sumG[c] / n, meanO = sumO[c] / n;
            double stdG = Math.Sqrt(Math.Max(sumG2[c] / n - meanG * meanG, 0));
            double stdO = Math.Sqrt(Math.Max(sumO2[c] / n - meanO * meanO, 0));
            // A flat band (std ~ 0) says nothing about contrast: then shift the mean only.
            double gain = stdG < 1 || stdO < 1 ? 1 : Math.Clamp(stdO / stdG, 1 / maxGain, maxGain);
            if (ring.Length == 0) { gain = 1; meanO = meanG; }
            for (int v = 0; v < 256; v++)
                tables[c * 256 + v] = (byte)Math.Clamp(Math.Round((v - meanG) * gain + meanO), 0, 255);
        }

        // Only when it helps: a match that does not reduce the ring's difference would just recolour the mouth.
        long before = 0, after = 0;
        foreach (int i in ring)
        {
            byte* g = generated + 3 * i, o = original + 3 * i;
            for (int c = 0; c < 3; c++)
            {
                before += Math.Abs(g[c] - o[c]);
                after += Math.Abs(tables[c * 256 + g[c]] - o[c]);
            }
        }
        if (after < before) return true;
        Identity(tables);
        return false;
    }

    public static void Identity(byte[] tables)
    {
        for (int c = 0; c < 3; c++)
            for (int v = 0; v < 256; v++)
                tables[c * 256 + v] = (byte)v;
    }
}
