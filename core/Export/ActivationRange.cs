namespace ATSync.Core.Export;

/// <summary>The smallest and largest value one activation tensor took over the calibration samples.</summary>
public readonly record struct ActivationRange(float Min, float Max)
{
    public static ActivationRange Empty => new(float.PositiveInfinity, float.NegativeInfinity);

    public ActivationRange Include(ReadOnlySpan<float> values)
    {
        float min = Min, max = Max;
        foreach (var v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return new ActivationRange(min, max);
    }
}
