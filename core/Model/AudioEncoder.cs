using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ATSync.Core.Model;

/// <summary>
/// The reference's audio encoders for HuBERT ([16,32,32]) and WeNet ([128,16,32]) windows, both ending at 512x10x10.
/// Field names (conv1..conv7, bn3, bn5) are the reference's state-dict names under <c>audio_model</c>.
/// </summary>
public sealed class AudioEncoder : Module<Tensor, Tensor>
{
    private readonly InvertedResidual conv1;
    private readonly InvertedResidual conv2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly InvertedResidual conv4;
    private readonly Conv2d conv5;
    private readonly BatchNorm2d bn5;
    private readonly InvertedResidual conv6;
    private readonly InvertedResidual conv7;

    private AudioEncoder(InvertedResidual conv1, InvertedResidual conv2, Conv2d conv3, long conv3Out) : base(nameof(AudioEncoder))
    {
        this.conv1 = conv1;
        this.conv2 = conv2;
        this.conv3 = conv3;
        bn3 = BatchNorm2d(conv3Out);
        conv4 = new InvertedResidual(conv3Out, conv3Out, 1, residual: true);
        // padding 3 turns 16x16 into 10x10 so the audio map matches the image bottleneck.
        conv5 = Conv2d(conv3Out, 512, (3, 3), stride: (2, 2), padding: (3, 3));
        bn5 = BatchNorm2d(512);
        conv6 = new InvertedResidual(512, 512, 1, residual: true);
        conv7 = new InvertedResidual(512, 512, 1, residual: true);
        RegisterComponents();
    }

    /// <summary>Input [B, 16, 32, 32] (8 HuBERT rows of [2, 1024]).</summary>
    public static AudioEncoder ForHubert() => new(
        new InvertedResidual(16, 64),
        new InvertedResidual(64, 128),
        Conv2d(128, 256, (3, 3), stride: (2, 2), padding: (1, 1)),
        256);

    /// <summary>Input [B, 128, 16, 32] (8 WeNet rows of [16, 512]).</summary>
    public static AudioEncoder ForWenet() => new(
        new InvertedResidual(128, 256),
        new InvertedResidual(256, 256, 1, residual: true),
        Conv2d(256, 256, (3, 3), stride: (1, 2), padding: (1, 1)),
        256);

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = conv2.call(conv1.call(x));
        y = functional.relu(bn3.call(conv3.call(y)));
        y = conv4.call(y);
        y = functional.relu(bn5.call(conv5.call(y)));
        y = conv7.call(conv6.call(y));
        return y.MoveToOuterDisposeScope();
    }
}
