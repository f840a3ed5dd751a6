using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ATSync.Core.Model;

/// <summary>
/// Bilinear x2 (align_corners) of the deeper features, concatenated with the skip features, then a double depthwise
/// conv. State-dict field: <c>conv</c>.
/// </summary>
public sealed class UpBlock : Module<Tensor, Tensor, Tensor>
{
    private readonly DoubleConvDepthwise conv;

    public UpBlock(long inChannels, long outChannels) : base(nameof(UpBlock))
    {
        conv = new DoubleConvDepthwise(inChannels, outChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor deep, Tensor skip)
    {
        using var scope = NewDisposeScope();
        var up = functional.interpolate(deep, size: [skip.shape[2], skip.shape[3]],
            mode: InterpolationMode.Bilinear, align_corners: true);
        var joined = cat([up, skip], 1); // the reference concatenates upsampled first
        return conv.call(joined).MoveToOuterDisposeScope();
    }
}
