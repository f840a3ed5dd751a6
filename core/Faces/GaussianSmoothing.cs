namespace ATSync.Core.Faces;

/// <summary>Zero-phase Gaussian smoothing of a 1-D signal; at the ends the kernel is cut and renormalised.</summary>
internal static class GaussianSmoothing
{
    public static float[] Apply(ReadOnlySpan<float> signal, double sigma)
    {
        var result = signal.ToArray();
        if (sigma <= 0 || signal.Length < 2) return result;
        int radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new double[2 * radius + 1];
        for (int k = -radius; k <= radius; k++) kernel[k + radius] = Math.Exp(-0.5 * k * k / (sigma * sigma));
        for (int i = 0; i < signal.Length; i++)
        {
            double sum = 0, weight = 0;
            for (int k = Math.Max(-radius, -i); k <= Math.Min(radius, signal.Length - 1 - i); k++)
            {
                sum += kernel[k + radius] * signal[i + k];
                weight += kernel[k + radius];
            }
            result[i] = (float)(sum / weight);
        }
        return result;
    }
}
