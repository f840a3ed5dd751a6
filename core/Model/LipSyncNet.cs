using ATSync.Core.Audio;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ATSync.Core.Model;

/// <summary>
/// The person-specific lip-sync UNet: face [B, 6, 160, 160] (reference crop + masked current crop, BGR /255) and an
/// audio window (<see cref="AudioWindowShape"/>) -> predicted current crop [B, 3, 160, 160] in [0, 1].
/// Field names follow the reference's state dict so its .pth checkpoints load with TorchSharp.PyBridge's load_py.
/// </summary>
public sealed class LipSyncNet : Module<Tensor, Tensor, Tensor>
{
    public const int ImageSize = 160;
    public const int InputChannels = 6;

    private readonly InputBlock inc;
    private readonly DownBlock down1;
    private readonly DownBlock down2;
    private readonly DownBlock down3;
    private readonly DownBlock down4;
    private readonly Module<Tensor, Tensor> audio_model;
    private readonly TorchSharp.Modules.Sequential fuse_conv;
    private readonly UpBlock up1;
    private readonly UpBlock up2;
    private readonly UpBlock up3;
    private readonly UpBlock up4;
    private readonly OutputBlock outc;

    public LipSyncNet(AudioFeatureKind audio) : base(nameof(LipSyncNet))
    {
        Audio = audio;
        inc = new InputBlock(InputChannels, 32);
        down1 = new DownBlock(32, 64);
        down2 = new DownBlock(64, 128);
        down3 = new DownBlock(128, 256);
        down4 = new DownBlock(256, 512);
        audio_model = audio switch
        {
            AudioFeatureKind.Hubert => AudioEncoder.ForHubert(),
            AudioFeatureKind.Wenet => AudioEncoder.ForWenet(),
            AudioFeatureKind.Mel => new MelAudioEncoder(),
            _ => throw new ArgumentOutOfRangeException(nameof(audio), audio, "unknown audio feature kind"),
        };
        fuse_conv = Sequential(new DoubleConvDepthwise(1024, 512), new DoubleConvDepthwise(512, 256));
        up1 = new UpBlock(512, 128);
        up2 = new UpBlock(256, 64);
        up3 = new UpBlock(128, 32);
        up4 = new UpBlock(64, 32);
        outc = new OutputBlock(32, 3);
        RegisterComponents();
    }

    public AudioFeatureKind Audio { get; }

    /// <summary>Shape of one audio window (without the batch dimension) for this model's audio kind.</summary>
    public long[] AudioWindowShape => AudioFeatureWindow.InputShape(Audio).Select(d => (long)d).ToArray();

    public override Tensor forward(Tensor face, Tensor audio)
    {
        using var scope = NewDisposeScope();
        var x1 = inc.call(face);
        var x2 = down1.call(x1);
        var x3 = down2.call(x2);
        var x4 = down3.call(x3);
        var x5 = down4.call(x4);
        var a = audio_model.call(audio);
        var fused = fuse_conv.call(cat([x5, a], 1));
        var y = up1.call(fused, x4);
        y = up2.call(y, x3);
        y = up3.call(y, x2);
        y = up4.call(y, x1);
        return outc.call(y).MoveToOuterDisposeScope();
    }
}
