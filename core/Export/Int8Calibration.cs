namespace ATSync.Core.Export;

/// <summary>
/// Activation ranges of one model, in the exporter's tap order, measured on <see cref="Samples"/> inputs and chosen by
/// <see cref="Method"/>.
/// </summary>
public sealed record Int8Calibration(IReadOnlyList<ActivationRange> Ranges, int Samples, CalibrationMethod Method = CalibrationMethod.MinMax)
{
    /// <summary>Each tap's scope (module path), in tap order; empty when unknown.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>
    /// Bits of the int8 weights' range: 7 (|q| &lt;= 63) or 8 (|q| &lt;= 127). ONNX Runtime's uint8 x int8 convolution on
    /// x86 CPUs without VNNI multiplies with VPMADDUBSW, which adds two u8 x s8 products into a saturating int16:
    /// 255 x 127 x 2 overflows, 255 x 63 x 2 does not. On an AVX2-only EPYC the obama_20s CPU-profile model scored 33.0 dB
    /// against float with 8-bit weights and 39.9 dB with 7-bit ones (bench/cpu_profile-avx2.md; ORT's documented remedy
    /// is this reduced range). 7 is the default because an exported model moves
    /// between machines (the worker's pool mixes CPU kinds); 8 only where every CPU that runs it has VNNI.
    /// </summary>
    public int WeightBits { get; init; } = 7;

    /// <summary>Taps (positions) left in float: the operators reading them run in float.</summary>
    public IReadOnlySet<int> FloatTaps { get; init; } = new HashSet<int>();
}
