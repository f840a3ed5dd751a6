using ATSync.Core.Audio;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ATSync.Core.Model;

/// <summary>
/// The person-specific lip-sync UNet: face [B, 6, 160, 160] (reference crop + masked current crop, BGR /255) and an
/// audio window (<see cref="AudioWindowShape"/>) -> predicted current crop [B, 3, 160, 160] in [0, 1].
/// Field names follow the reference's state dict so its .pth checkpoints load with TorchSharp.PyBridge's load_py.
/// Both profiles (<see cref="ModelProfile"/>) are this UNet: the CPU profile has half the reference's channels at
/// every level (a quarter of its multiply-adds) and, for mel audio, a half-width audio encoder.
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

    public LipSyncNet(AudioFeatureKind audio, ModelProfile profile = ModelProfile.Reference) : base(nameof(LipSyncNet))
    {
        Audio = audio;
        Profile = profile;
        // Initial weights are drawn from the global generator: under its gate, so a seeded build elsewhere stays exact.
        lock (TorchRandom.Gate)
        {
            var c = Width(profile);
            inc = new InputBlock(InputChannels, c);
            down1 = new DownBlock(c, 2 * c);
            down2 = new DownBlock(2 * c, 4 * c);
            down3 = new DownBlock(4 * c, 8 * c);
            down4 = new DownBlock(8 * c, 16 * c);
            var audioChannels = 512;
            audio_model = audio switch
            {
                AudioFeatureKind.Hubert => AudioEncoder.ForHubert(),
                AudioFeatureKind.Wenet => AudioEncoder.ForWenet(),
                AudioFeatureKind.Mel => new MelAudioEncoder(c),
                _ => throw new ArgumentOutOfRangeException(nameof(audio), audio, "unknown audio feature kind"),
            };
            if (audio_model is MelAudioEncoder mel) audioChannels = mel.OutputChannels;
            fuse_conv = Sequential(new DoubleConvDepthwise(16 * c + audioChannels, 16 * c), new DoubleConvDepthwise(16 * c, 8 * c));
            up1 = new UpBlock(16 * c, 4 * c);
            up2 = new UpBlock(8 * c, 2 * c);
            up3 = new UpBlock(4 * c, c);
            up4 = new UpBlock(2 * c, c);
            outc = new OutputBlock(c, 3);
            RegisterComponents();
        }
    }

    public AudioFeatureKind Audio { get; }

    public ModelProfile Profile { get; }

    /// <summary>Channels of the first level: 32 for the reference, 16 for the CPU profile.</summary>
    public static int Width(ModelProfile profile) => profile switch
    {
        ModelProfile.Reference => 32,
        ModelProfile.Cpu => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unknown model profile"),
    };

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
