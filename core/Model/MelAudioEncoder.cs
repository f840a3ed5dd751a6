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

    public MelAudioEncoder() : base(nameof(MelAudioEncoder))
    {
        conv0 = Conv2d(1, 32, (3, 3), padding: (1, 1));               // 32 x 32 x 80
        bn0 = BatchNorm2d(32);
        conv1 = new InvertedResidual(32, 64, (1, 2));                 // 64 x 32 x 40
        conv2 = new InvertedResidual(64, 128, (2, 2));                // 128 x 16 x 20
        conv3 = new InvertedResidual(128, 256, (1, 2));               // 256 x 16 x 10
        conv4 = new InvertedResidual(256, 256, 1, residual: true);
        conv5 = Conv2d(256, 512, (3, 3), stride: (2, 1), padding: (3, 1)); // 512 x 10 x 10
        bn5 = BatchNorm2d(512);
        conv6 = new InvertedResidual(512, 512, 1, residual: true);
        conv7 = new InvertedResidual(512, 512, 1, residual: true);
        RegisterComponents();
    }

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
