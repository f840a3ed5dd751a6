namespace ATSync.Core.Export;

/// <summary>
/// What the exporter does at each point where an activation tensor is handed from one operator to the next (a
/// "tap"): nothing for the float graph; the subclasses expose it for calibration or quantise it (QDQ). Taps are
/// visited in the same order on every export of a model, so calibration ranges are matched by position.
/// </summary>
internal class ActivationTaps
{
    /// <summary>The float graph.</summary>
    public static ActivationTaps None { get; } = new();

    /// <summary>Called on each tapped value; returns the value the consumers read.</summary>
    public virtual string Tap(string value, string scope) => value;

    /// <summary>
    /// A value that keeps the quantisation of <paramref name="source"/> (bilinear resize: its output lies within its
    /// input's range, and equal parameters let ONNX Runtime run it on uint8 directly).
    /// </summary>
    public virtual string TapLike(string value, string source, string scope) => value;

    /// <summary>
    /// Tells which tapped value feeds the float output block (its last convolution and sigmoid stay float), so a
    /// calibration can leave that tap float: quantising it would add rounding error and save no time.
    /// </summary>
    public virtual void FeedsFloatOutput(string value) { }

    /// <summary>Bits of the int8 weights of convolutions reading a quantised value (<see cref="Int8Calibration.WeightBits"/>).</summary>
    public virtual int WeightBits => 8;

    /// <summary>The quantisation of a value produced by <see cref="Tap"/>, or null when it is float.</summary>
    public virtual QuantizedActivation? QuantizationOf(string value) => null;
}
