using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ATSync.Core.Model;

/// <summary>
/// Our encoder for built-in log-mel windows [B, 32, 80] (8 video frames x 4 mel frames, 80 bins), read as a one-channel
/// time x frequency image. Frequency is reduced faster than time (80 -> 10, 32 -> 10) because mouth shape depends on
/// short-time spectral envelope while the 8-frame time context must survive to the bottleneck.
/// </summary>
public sealed class MelAudioEncoder : Module<Tensor, Tensor>
{
    private readonly Conv2d conv0;
    private readonly BatchNorm2d bn0;
    private readonly InvertedResidual conv1;
    private readonly InvertedResidual conv2;
    private readonly InvertedResidual conv3;
    private readonly InvertedResidual conv4;
    private readonly Conv2d conv5;
    private readonly BatchNorm2d bn5;
    private readonly InvertedResidual conv6;
    private readonly InvertedResidual conv7;

    /// <param name="width">Channels of the first layer (32: the reference profile's, ending at 512 x 10 x 10; the CPU
    /// profile uses 16, ending at 256). Later layers have 2, 4, 8 and 16 times as many.</param>
    public MelAudioEncoder(int width = 32) : base(nameof(MelAudioEncoder))
    {
        conv0 = Conv2d(1, width, (3, 3), padding: (1, 1));                         // w x 32 x 80
        bn0 = BatchNorm2d(width);
        conv1 = new InvertedResidual(width, 2 * width, (1, 2));                    // 2w x 32 x 40
        conv2 = new InvertedResidual(2 * width, 4 * width, (2, 2));                // 4w x 16 x 20
        conv3 = new InvertedResidual(4 * width, 8 * width, (1, 2));                // 8w x 16 x 10
        conv4 = new InvertedResidual(8 * width, 8 * width, 1, residual: true);
        conv5 = Conv2d(8 * width, 16 * width, (3, 3), stride: (2, 1), padding: (3, 1)); // 16w x 10 x 10
        bn5 = BatchNorm2d(16 * width);
        conv6 = new InvertedResidual(16 * width, 16 * width, 1, residual: true);
        conv7 = new InvertedResidual(16 * width, 16 * width, 1, residual: true);
        OutputChannels = 16 * width;
        RegisterComponents();
    }

    public int OutputChannels { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = x.dim() == 3 ? x.unsqueeze(1) : x;
        y = functional.relu(bn0.call(conv0.call(y)));
        y = conv4.call(conv3.call(conv2.call(conv1.call(y))));
        y = functional.relu(bn5.call(conv5.call(y)));
        y = conv7.call(conv6.call(y));
        return y.MoveToOuterDisposeScope();
    }
}
