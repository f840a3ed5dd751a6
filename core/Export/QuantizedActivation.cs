namespace ATSync.Core.Export;

/// <summary>
/// Asymmetric uint8 quantisation of one activation tensor: real = (q - ZeroPoint) * Scale. The range always contains
/// 0 so that zero (padding, ReLU's floor) is exact; after a ReLU the zero point is 0, which lets ONNX Runtime drop the
/// ReLU into the quantised convolution (the uint8 floor clamps negatives).
/// </summary>
public readonly record struct QuantizedActivation(float Scale, byte ZeroPoint)
{
    public static QuantizedActivation From(ActivationRange range)
    {
        var min = Math.Min(0f, range.Min);
        var max = Math.Max(0f, range.Max);
        if (!float.IsFinite(min) || !float.IsFinite(max))
            throw new ArgumentException($"activation range [{range.Min}, {range.Max}] is not finite: was the calibration run on any samples?");
        var scale = (max - min) / 255f;
        if (scale <= 0) return new QuantizedActivation(1f, 0); // a constant-zero tensor: any scale is exact
        var zeroPoint = (byte)Math.Clamp(MathF.Round(-min / scale), 0, 255);
        return new QuantizedActivation(scale, zeroPoint);
    }
}
