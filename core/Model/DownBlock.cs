using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ATSync.Core.Model;

/// <summary>Halves the resolution with a stride-2 double depthwise conv. State-dict field: <c>maxpool_conv</c> (the reference's name; it has no max-pool).</summary>
public sealed class DownBlock : Module<Tensor, Tensor>
{
    private readonly DoubleConvDepthwise maxpool_conv;

    public DownBlock(long inChannels, long outChannels) : base(nameof(DownBlock))
    {
        maxpool_conv = new DoubleConvDepthwise(inChannels, outChannels, stride: 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => maxpool_conv.call(x);
}
