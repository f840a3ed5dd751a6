using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ATSync.Core.Model;

/// <summary>1x1 conv to BGR (bias) followed by a sigmoid. State-dict field: <c>conv</c>.</summary>
public sealed class OutputBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv;

    public OutputBlock(long inChannels, long outChannels) : base(nameof(OutputBlock))
    {
        conv = Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var logits = conv.call(x);
        return sigmoid(logits);
    }
}
