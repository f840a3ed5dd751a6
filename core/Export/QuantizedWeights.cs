namespace ATSync.Core.Export;

/// <summary>
/// Symmetric per-output-channel int8 weights of one convolution (zero point 0: w = q * Scales[channel]) and its bias
/// as int32 in units of input scale x weight scale, as QDQ convolutions require.
/// </summary>
internal sealed record QuantizedWeights(sbyte[] Values, float[] Scales, int[] Bias, float[] BiasScales)
{
    /// <param name="weight">Row-major [out, in/groups, kh, kw].</param>
    /// <param name="bits">7 or 8 (<see cref="Int8Calibration.WeightBits"/>).</param>
    public static QuantizedWeights From(float[] weight, float[] bias, QuantizedActivation input, int bits)
    {
        if (bits is not (7 or 8)) throw new ArgumentOutOfRangeException(nameof(bits), bits, "int8 weights use 7 or 8 bits");
        var limit = (1 << (bits - 1)) - 1;
        var channels = bias.Length;
        var perChannel = weight.Length / channels;
        var values = new sbyte[weight.Length];
        var scales = new float[channels];
        var biasValues = new int[channels];
        var biasScales = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var row = weight.AsSpan(c * perChannel, perChannel);
            var absMax = 0f;
            foreach (var w in row) absMax = Math.Max(absMax, Math.Abs(w));
            // An all-zero channel quantises to zeros with any scale; 1 keeps its bias in a sane int32 range.
            var scale = absMax > 0 ? absMax / limit : 1f;
            scales[c] = scale;
            for (var i = 0; i < perChannel; i++)
                values[c * perChannel + i] = (sbyte)Math.Clamp(MathF.Round(row[i] / scale), -limit, limit);
            biasScales[c] = input.Scale * scale;
            biasValues[c] = (int)Math.Clamp(Math.Round(bias[c] / (double)biasScales[c]), int.MinValue, int.MaxValue);
        }
        return new QuantizedWeights(values, scales, biasValues, biasScales);
    }
}
