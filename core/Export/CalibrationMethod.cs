namespace ATSync.Core.Export;

/// <summary>How each activation's int8 range is chosen from the values it took over the calibration samples.</summary>
public enum CalibrationMethod
{
    /// <summary>The whole observed range: exact for rare outliers, coarse steps for everything else.</summary>
    MinMax,

    /// <summary>The range between the 0.01 % and 99.99 % quantiles: the rarest outliers are clipped.</summary>
    Percentile,

    /// <summary>
    /// The range with the least expected squared error (rounding inside the range + clipping outside it), from a
    /// histogram of the values: trades a little clipping of rare outliers for finer steps.
    /// </summary>
    Mse,
}
