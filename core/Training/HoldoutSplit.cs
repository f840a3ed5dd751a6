namespace ATSync.Core.Training;

/// <summary>
/// Which frames are kept out of training. A contiguous tail, not scattered frames: neighbouring frames are nearly
/// identical, so scattered held-out frames would leak into training and flatter the validation scores.
/// </summary>
public static class HoldoutSplit
{
    /// <summary>Default share of frames held out for choosing the best checkpoint.</summary>
    public const double DefaultTailFraction = 0.05;

    /// <param name="fraction">Share of the last frames to hold out, in [0, 0.9].</param>
    public static int[] Tail(int frameCount, double fraction)
    {
        if (fraction is < 0 or > 0.9 || double.IsNaN(fraction))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the held-out tail must be a fraction between 0 and 0.9");
        var count = (int)Math.Round(frameCount * fraction);
        if (fraction > 0) count = Math.Max(1, count);
        return Enumerable.Range(frameCount - count, count).ToArray();
    }
}
