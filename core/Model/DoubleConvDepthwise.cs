using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ATSync.Core.Model;

/// <summary>Two inverted residuals: (in -> out, stride) then (out -> out, residual). State-dict field: <c>double_conv</c>.</summary>
public sealed class DoubleConvDepthwise : Module<Tensor, Tensor>
{
    private readonly Sequential double_conv;

    public DoubleConvDepthwise(long inChannels, long outChannels, long stride = 1) : base(nameof(DoubleConvDepthwise))
    {
        double_conv = Sequential(
            new InvertedResidual(inChannels, outChannels, stride),
            new InvertedResidual(outChannels, outChannels, 1, residual: true));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => double_conv.call(x);
}
