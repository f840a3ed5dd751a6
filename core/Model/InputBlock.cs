using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ATSync.Core.Model;

/// <summary>The first image block (6 -> 32 channels, full resolution). State-dict field: <c>inconv</c>.</summary>
public sealed class InputBlock : Module<Tensor, Tensor>
{
    private readonly InvertedResidual inconv;

    public InputBlock(long inChannels, long outChannels) : base(nameof(InputBlock))
    {
        inconv = new InvertedResidual(inChannels, outChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => inconv.call(x);
}
