using ATSync.Core.Audio;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ATSync.Core.Model;

/// <summary>
/// Parameter count and multiply-adds of one sample's forward pass. Multiply-adds count convolutions and linear layers
/// only (output elements x weight fan-in), the usual convention of thop-style counters; BN, ReLU, upsampling and
/// sigmoid are elementwise and add well under 1 %.
/// </summary>
public sealed record ModelComplexity(AudioFeatureKind Audio, long Parameters, long MultiplyAdds)
{
    /// <summary>Measures <paramref name="model"/> with one zero sample at 160x160 (forward hooks on every conv/linear).</summary>
    public static ModelComplexity Measure(LipSyncNet model)
    {
        var parameters = model.parameters().Sum(p => p.numel());
        long macs = 0;
        var removers = new List<Action>();
        foreach (var module in model.modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    var convHook = conv.register_forward_hook((m, _, output) =>
                    {
                        var w = ((Conv2d)m).weight!.shape; // [out, in/groups, kh, kw]
                        macs += output.numel() / output.shape[0] * w[1] * w[2] * w[3];
                        return output;
                    });
                    removers.Add(convHook.remove);
                    break;
                case Linear linear:
                    var linearHook = linear.register_forward_hook((m, _, output) =>
                    {
                        macs += output.numel() / output.shape[0] * ((Linear)m).weight!.shape[1];
                        return output;
                    });
                    removers.Add(linearHook.remove);
                    break;
            }
        }

        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var face = zeros(1, LipSyncNet.InputChannels, LipSyncNet.ImageSize, LipSyncNet.ImageSize);
            var audio = zeros([1, .. model.AudioWindowShape]);
            model.call(face, audio);
        }
        finally
        {
            foreach (var remove in removers) remove();
            model.train(wasTraining);
        }
        return new ModelComplexity(model.Audio, parameters, macs);
    }
}
