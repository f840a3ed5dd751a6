namespace ATSync.Core.Export;

/// <summary>
/// Counts of one activation's values in equal bins over a fixed range (its observed range widened to contain 0), from
/// which a clipping range is chosen (<see cref="CalibrationMethod"/>).
/// </summary>
public sealed class ActivationHistogram
{
    public const int DefaultBins = 4096;
    private const double PercentileTail = 1e-4;
    private const int Levels = 255; // uint8 steps

    private readonly long[] counts;
    private readonly float low;
    private readonly float width;

    /// <param name="range">The observed range (from a first pass); it is widened to contain 0.</param>
    public ActivationHistogram(ActivationRange range, int bins = DefaultBins)
    {
        low = Math.Min(0f, range.Min);
        var high = Math.Max(0f, range.Max);
        if (!float.IsFinite(low) || !float.IsFinite(high))
            throw new ArgumentException($"activation range [{range.Min}, {range.Max}] is not finite: was the calibration run on any samples?");
        counts = new long[bins];
        width = (high - low) / bins;
        Observed = range;
    }

    public ActivationRange Observed { get; }

    public void Add(ReadOnlySpan<float> values)
    {
        if (width <= 0) return; // a constant-zero tensor: nothing to choose
        var last = counts.Length - 1;
        var inverse = 1f / width;
        foreach (var v in values)
            counts[Math.Clamp((int)((v - low) * inverse), 0, last)]++;
    }

    /// <summary>The range <paramref name="method"/> picks; always within the observed range and containing 0.</summary>
    public ActivationRange Choose(CalibrationMethod method) => width <= 0 ? Observed : method switch
    {
        CalibrationMethod.MinMax => Observed,
        CalibrationMethod.Percentile => Percentile(),
        CalibrationMethod.Mse => LeastSquaredError(),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    private float Edge(int index) => index == 0 ? low : low + index * width;

    /// <summary>The bin holding 0 (its lower edge is the lowest upper clip, its upper edge the highest lower clip).</summary>
    private int ZeroBin => Math.Clamp((int)(-low / width), 0, counts.Length - 1);

    private ActivationRange Percentile()
    {
        var total = counts.Sum();
        var tail = (long)(total * PercentileTail);
        int lowIndex = 0, highIndex = counts.Length;
        for (long seen = 0; lowIndex < ZeroBin && seen + counts[lowIndex] <= tail; lowIndex++) seen += counts[lowIndex];
        for (long seen = 0; highIndex > ZeroBin + 1 && seen + counts[highIndex - 1] <= tail; highIndex--) seen += counts[highIndex - 1];
        return Clipped(lowIndex, highIndex);
    }

    /// <summary>
    /// Every pair of bin edges (lower clip at or below 0, upper at or above) scored by the expected squared error of
    /// the values under uint8 quantisation to that range: step^2/12 for each value inside, the squared distance to
    /// the clip for each value outside (prefix sums make each pair O(1)).
    /// </summary>
    private ActivationRange LeastSquaredError()
    {
        var bins = counts.Length;
        var n = new double[bins + 1];
        var s1 = new double[bins + 1];
        var s2 = new double[bins + 1];
        for (var j = 0; j < bins; j++)
        {
            double c = low + (j + 0.5) * width;
            n[j + 1] = n[j] + counts[j];
            s1[j + 1] = s1[j] + counts[j] * c;
            s2[j + 1] = s2[j] + counts[j] * c * c;
        }
        var zero = ZeroBin;
        (double Error, int Low, int High) best = (double.PositiveInfinity, 0, bins);
        // A never-negative tensor (after a ReLU) has its 0 in bin 0: its lower clip stays at 0.
        for (var a = 0; a <= zero; a++)
        {
            double lo = Math.Min(0, Edge(a));
            var below = lo * lo * n[a] - 2 * lo * s1[a] + s2[a];
            for (var b = Math.Max(zero + 1, a + 1); b <= bins; b++)
            {
                double hi = Math.Max(0, Edge(b));
                var step = (hi - lo) / Levels;
                double nAbove = n[bins] - n[b], s1Above = s1[bins] - s1[b], s2Above = s2[bins] - s2[b];
                var above = hi * hi * nAbove - 2 * hi * s1Above + s2Above;
                var error = below + above + (n[b] - n[a]) * step * step / 12;
                if (error < best.Error) best = (error, a, b);
            }
        }
        return Clipped(best.Low, best.High);
    }

    private ActivationRange Clipped(int lowIndex, int highIndex) => new(
        lowIndex == 0 ? Observed.Min : Math.Min(0f, Edge(lowIndex)),
        highIndex == counts.Length ? Observed.Max : Math.Max(0f, Edge(highIndex)));
}
