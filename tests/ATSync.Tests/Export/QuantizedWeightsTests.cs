using ATSync.Core.Export;

namespace ATSync.Tests.Export;

/// <summary>
/// 7-bit weights (the default) stay within +-63, so ONNX Runtime's u8 x s8 kernels on CPUs without VNNI (VPMADDUBSW:
/// two 255 x q products summed into a saturating int16) cannot overflow; 8-bit ones use the full +-127.
/// </summary>
public sealed class QuantizedWeightsTests
{
    [Theory]
    [InlineData(7, 63)]
    [InlineData(8, 127)]
    public void EachChannelUsesExactlyItsRangeAndRoundTripsWithinHalfAStep(int bits, int limit)
    {
        var random = new Random(5);
        const int channels = 4, perChannel = 50;
        var weight = Enumerable.Range(0, channels * perChannel).Select(i => (float)(random.NextDouble() - 0.5) * (1 + i / perChannel)).ToArray();
        var bias = new[] { 0.1f, -0.2f, 0f, 0.3f };
        var q = QuantizedWeights.From(weight, bias, new QuantizedActivation(0.01f, 0), bits);
        for (var c = 0; c < channels; c++)
        {
            var row = q.Values.AsSpan(c * perChannel, perChannel).ToArray();
            Assert.Equal(limit, row.Max(v => Math.Abs((int)v)));
            for (var i = 0; i < perChannel; i++)
                Assert.InRange(Math.Abs(row[i] * q.Scales[c] - weight[c * perChannel + i]), 0, q.Scales[c] / 2 + 1e-7);
        }
        // Two uint8 activations x two weights, as VPMADDUBSW adds them: within int16 only for 7 bits.
        Assert.Equal(bits == 7, 2 * 255 * limit <= short.MaxValue);
    }

    [Fact]
    public void OtherWidthsAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedWeights.From([1f], [0f], new QuantizedActivation(0.01f, 0), 6));
}
