namespace ATSync.Core.Faces;

/// <summary>
/// Zero-phase Gaussian smoothing of a 1-D signal. Beyond the ends the signal is continued by point reflection
/// (x[-k] = 2 x[0] - x[k]), so steady motion (a straight line) passes unchanged, also at the clip's first and last frames.
/// </summary>
internal static class GaussianSmoothing
{
    public static float[] Apply(ReadOnlySpan<float> signal, double sigma)
    {
        var result = signal.ToArray();
        int n = signal.Length;
        if (sigma <= 0 || n < 2) return result;
        int radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new double[2 * radius + 1];
        double total = 0;
        for (int k = -radius; k <= radius; k++) total += kernel[k + radius] = Math.Exp(-0.5 * k * k / (sigma * sigma));
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int k = -radius; k <= radius; k++) sum += kernel[k + radius] * At(signal, i + k);
            result[i] = (float)(sum / total);
        }
        return result;
    }

    private static double At(ReadOnlySpan<float> signal, int j)
    {
        int last = signal.Length - 1;
        if (j < 0) return 2.0 * signal[0] - signal[Math.Min(-j, last)];
        if (j > last) return 2.0 * signal[last] - signal[Math.Max(2 * last - j, 0)];
        return signal[j];
    }
}
