using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ATSync.Core.Export;

/// <summary>
/// A Conv2d's weights with an eval-mode BatchNorm2d folded in (computed in float64, stored as float32):
/// w' = w * gamma / sqrt(var + eps), b' = (b - mean) * gamma / sqrt(var + eps) + beta.
/// </summary>
internal sealed record FoldedConvolution(float[] Weight, long[] WeightShape, float[] Bias)
{
    public static FoldedConvolution From(Conv2d conv, BatchNorm2d? norm)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var weight = conv.weight!.detach().cpu().to(float64);
        var outChannels = weight.shape[0];
        var bias = conv.bias is { } b ? b.detach().cpu().to(float64) : zeros(outChannels, float64);
        if (norm is not null)
        {
            var mean = norm.running_mean?.detach().cpu().to(float64) ?? throw Untracked(norm);
            var variance = norm.running_var?.detach().cpu().to(float64) ?? throw Untracked(norm);
            var gamma = norm.weight?.detach().cpu().to(float64) ?? ones(outChannels, float64);
            var beta = norm.bias?.detach().cpu().to(float64) ?? zeros(outChannels, float64);
            var scale = gamma / sqrt(variance + norm.eps);
            weight = weight * scale.view(-1, 1, 1, 1);
            bias = (bias - mean) * scale + beta;
        }
        return new FoldedConvolution(
            weight.to(float32).contiguous().data<float>().ToArray(),
            weight.shape,
            bias.to(float32).contiguous().data<float>().ToArray());
    }

    private static NotSupportedException Untracked(BatchNorm2d norm) =>
        new($"BatchNorm2d '{norm.GetName()}' keeps no running statistics, so it cannot be folded into a convolution");
}
