using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ATSync.Core.Export;

/// <summary>
/// A Conv2d's weights with an eval-mode BatchNorm2d folded in (computed in float64, stored as float32):
/// w' = w * gamma / sqrt(var + eps), b' = (b - mean) * gamma / sqrt(var + eps) + beta.
/// </summary>
/// <remarks>
/// The arithmetic is done on copied arrays, not with tensor-scalar operators: each of those makes a transient native
/// Scalar (the value and an implicit alpha of 1) that TorchSharp passes by handle without keeping it alive, and under
/// the test suite's garbage collection one was freed mid-call ("toDouble" check in Scalar.h, seen once in a full run).
/// </remarks>
internal sealed record FoldedConvolution(float[] Weight, long[] WeightShape, float[] Bias)
{
    public static FoldedConvolution From(Conv2d conv, BatchNorm2d? norm)
    {
        var weight = Doubles(conv.weight!);
        var shape = conv.weight!.shape;
        var outChannels = (int)shape[0];
        var bias = conv.bias is { } b ? Doubles(b) : new double[outChannels];
        if (norm is not null)
        {
            var mean = Doubles(norm.running_mean ?? throw Untracked(norm));
            var variance = Doubles(norm.running_var ?? throw Untracked(norm));
            var gamma = norm.weight is { } g ? Doubles(g) : Enumerable.Repeat(1.0, outChannels).ToArray();
            var beta = norm.bias is { } bt ? Doubles(bt) : new double[outChannels];
            var perChannel = weight.Length / outChannels;
            for (var c = 0; c < outChannels; c++)
            {
                var scale = gamma[c] / Math.Sqrt(variance[c] + norm.eps);
                for (var i = c * perChannel; i < (c + 1) * perChannel; i++) weight[i] *= scale;
                bias[c] = (bias[c] - mean[c]) * scale + beta[c];
            }
        }
        return new FoldedConvolution(
            weight.Select(v => (float)v).ToArray(),
            shape,
            bias.Select(v => (float)v).ToArray());
    }

    private static double[] Doubles(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return tensor.detach().cpu().to(float64).contiguous().data<double>().ToArray();
    }

    private static NotSupportedException Untracked(BatchNorm2d norm) =>
        new($"BatchNorm2d '{norm.GetName()}' keeps no running statistics, so it cannot be folded into a convolution");
}
