using ATSync.Core.Training;

namespace ATSync.Core.Export;

/// <summary>
/// How far a quantised model's output is from the float model's on the same inputs: PSNR over the whole 160x160
/// output (values in [0, 1]), the largest absolute difference, and the largest one inside the redrawn mouth rectangle.
/// </summary>
public sealed record QuantizationCheck(double Psnr, double MaxAbsDiff, double MouthMaxAbsDiff, int Samples)
{
    private const int Side = 160;

    public static QuantizationCheck Measure(byte[] floatModel, byte[] quantisedModel, long[] audioWindowShape,
        CalibrationSamples samples, int threads = 0)
    {
        using var reference = new OnnxLipSyncRunner(floatModel, audioWindowShape, threads);
        using var quantised = new OnnxLipSyncRunner(quantisedModel, audioWindowShape, threads);
        double squared = 0, max = 0, mouthMax = 0;
        long values = 0;
        for (var start = 0; start < samples.Count; start += 4)
        {
            var batch = samples.Slice(start, Math.Min(4, samples.Count - start));
            var a = reference.Run(batch.Face, batch.Audio, batch.Count);
            var b = quantised.Run(batch.Face, batch.Audio, batch.Count);
            for (var i = 0; i < a.Length; i++)
            {
                double d = Math.Abs(a[i] - b[i]);
                squared += d * d;
                max = Math.Max(max, d);
                int pixel = i % (Side * Side), y = pixel / Side, x = pixel % Side;
                if (MouthMask.Reference.Contains(x, y))
                    mouthMax = Math.Max(mouthMax, d);
            }
            values += a.Length;
        }
        var mse = squared / values;
        var psnr = mse <= 0 ? double.PositiveInfinity : 10 * Math.Log10(1 / mse);
        return new QuantizationCheck(psnr, max, mouthMax, samples.Count);
    }
}
