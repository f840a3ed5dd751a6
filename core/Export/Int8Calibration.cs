namespace ATSync.Core.Export;

/// <summary>Activation ranges of one model, in the exporter's tap order, measured on <see cref="Samples"/> inputs.</summary>
public sealed record Int8Calibration(IReadOnlyList<ActivationRange> Ranges, int Samples);
