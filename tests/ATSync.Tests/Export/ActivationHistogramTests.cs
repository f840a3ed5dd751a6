using ATSync.Core.Export;

namespace ATSync.Tests.Export;

/// <summary>How each calibration method turns the values one activation took into its int8 range.</summary>
public sealed class ActivationHistogramTests
{
    /// <summary>A million values in [-1, 1] plus a single outlier at 50.</summary>
    private static ActivationHistogram WithOneOutlier()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 1_000_000).Select(_ => random.NextSingle() * 2 - 1).Append(50f).ToArray();
        var histogram = new ActivationHistogram(ActivationRange.Empty.Include(values));
        histogram.Add(values);
        return histogram;
    }

    [Fact]
    public void MinMaxKeepsTheOutlierWhileMseAndPercentileClipIt()
    {
        var histogram = WithOneOutlier();
        Assert.Equal(50f, histogram.Choose(CalibrationMethod.MinMax).Max);
        // Percentile: the 99.99 % quantile is the bulk's edge.
        var percentile = histogram.Choose(CalibrationMethod.Percentile);
        Assert.True(percentile.Max is > 0.9f and < 1.1f && percentile.Min is > -1.05f and < -0.9f, $"percentile: [{percentile.Min}, {percentile.Max}]");
        // MSE: the lone outlier's squared clipping error weighs against a million values' rounding error, so it clips
        // part way (total error is least near 20 here), and keeps the bulk.
        var mse = histogram.Choose(CalibrationMethod.Mse);
        Assert.True(mse.Max is > 5f and < 35f && mse.Min < -0.95f, $"mse: [{mse.Min}, {mse.Max}]");
    }

    [Fact]
    public void ANonNegativeActivationKeepsZeroAsItsLowerBound()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 100_000).Select(_ => MathF.Max(0, random.NextSingle() * 4 - 1)).ToArray();
        var histogram = new ActivationHistogram(ActivationRange.Empty.Include(values));
        histogram.Add(values);
        foreach (var method in Enum.GetValues<CalibrationMethod>())
        {
            var range = histogram.Choose(method);
            Assert.Equal(0f, range.Min); // zero point 0: ONNX Runtime folds the ReLU into the convolution
            Assert.InRange(range.Max, 2.5f, 3f);
        }
    }
}
