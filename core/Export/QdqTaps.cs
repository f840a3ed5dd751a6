namespace ATSync.Core.Export;

/// <summary>
/// Inserts QuantizeLinear -> DequantizeLinear (uint8, per tensor) at every tap, with parameters from the calibration
/// ranges in tap order. ONNX Runtime fuses DQ -> Conv -> Q into an int8 QLinearConv (likewise Add and Concat). Taps
/// listed in <c>floatTaps</c> (by position) are left float: their producer and consumers run in float.
/// </summary>
internal sealed class QdqTaps(OnnxGraphBuilder builder, IReadOnlyList<ActivationRange> ranges, IReadOnlySet<int> floatTaps, int weightBits) : ActivationTaps
{
    private readonly Dictionary<string, QuantizedActivation> quantized = [];
    private int next;

    /// <summary>How many taps were visited (must equal the number of calibration ranges).</summary>
    public int Visited => next;

    public override string Tap(string value, string scope)
    {
        if (next >= ranges.Count)
            throw new InvalidOperationException($"the calibration has {ranges.Count} activation ranges, but the graph has more taps; calibrate this model again");
        var index = next++;
        return floatTaps.Contains(index) ? value : Insert(value, QuantizedActivation.From(ranges[index]), scope);
    }

    public override string TapLike(string value, string source, string scope) =>
        quantized.TryGetValue(source, out var parameters) ? Insert(value, parameters, scope) : value;

    public override int WeightBits => weightBits;

    public override QuantizedActivation? QuantizationOf(string value) =>
        quantized.TryGetValue(value, out var parameters) ? parameters : null;

    private string Insert(string value, QuantizedActivation parameters, string scope)
    {
        var scale = builder.AddInitializer($"{scope}.q_scale", new[] { parameters.Scale });
        var zeroPoint = builder.AddInitializer($"{scope}.q_zero", new[] { parameters.ZeroPoint });
        var q = builder.AddNode("QuantizeLinear", [value, scale, zeroPoint], $"{scope}.q");
        var dq = builder.AddNode("DequantizeLinear", [q, scale, zeroPoint], $"{scope}.dq");
        quantized[dq] = parameters;
        return dq;
    }
}
