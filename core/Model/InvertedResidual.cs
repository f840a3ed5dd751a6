using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ATSync.Core.Model;

/// <summary>
/// MobileNetV2-style block: 1x1 expand (x2, no bias) + BN + ReLU, 3x3 depthwise (stride) + BN + ReLU, 1x1 project + BN;
/// adds the input when <c>residual</c>. The field <c>conv</c> (a Sequential 0..7) gives the reference's state-dict names.
/// </summary>
public sealed class InvertedResidual : Module<Tensor, Tensor>
{
    private readonly Sequential conv;

    public InvertedResidual(long inChannels, long outChannels, (long H, long W) stride, bool residual = false)
        : base(nameof(InvertedResidual))
    {
        if (residual && (inChannels != outChannels || stride != (1, 1)))
            throw new ArgumentException("a residual inverted-residual block needs equal channels and stride 1");
        var hidden = inChannels * 2;
        Residual = residual;
        conv = Sequential(
            Conv2d(inChannels, hidden, 1, bias: false),
            BatchNorm2d(hidden),
            ReLU(),
            Conv2d(hidden, hidden, (3, 3), stride: stride, padding: (1, 1), groups: hidden, bias: false),
            BatchNorm2d(hidden),
            ReLU(),
            Conv2d(hidden, outChannels, 1, bias: false),
            BatchNorm2d(outChannels));
        RegisterComponents();
    }

    public InvertedResidual(long inChannels, long outChannels, long stride = 1, bool residual = false)
        : this(inChannels, outChannels, (stride, stride), residual)
    {
    }

    /// <summary>Whether the block adds its input to its output.</summary>
    public bool Residual { get; }

    public override Tensor forward(Tensor x)
    {
        if (!Residual) return conv.call(x);
        using var y = conv.call(x);
        return x + y;
    }
}
