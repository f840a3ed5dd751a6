namespace ATSync.Core.Export;

/// <summary>
/// Activation ranges of one model, in the exporter's tap order, measured on <see cref="Samples"/> inputs and chosen by
/// <see cref="Method"/>.
/// </summary>
public sealed record Int8Calibration(IReadOnlyList<ActivationRange> Ranges, int Samples, CalibrationMethod Method = CalibrationMethod.MinMax)
{
    /// <summary>Each tap's scope (module path), in tap order; empty when unknown.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Taps (positions) left in float: the operators reading them run in float.</summary>
    public IReadOnlySet<int> FloatTaps { get; init; } = new HashSet<int>();
}
