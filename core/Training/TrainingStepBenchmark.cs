using ATSync.Core.Model;
using static TorchSharp.torch;

namespace ATSync.Core.Training;

/// <summary>
/// The training step of <see cref="LipSyncTrainer"/> (Adam, L1 + SSIM, float32 or bf16 mixed precision) on one fixed
/// random batch, for `atsync model-info --benchmark`: the model-only cost of a step, without data loading.
/// Does not own <paramref name="model"/>.
/// </summary>
public sealed class TrainingStepBenchmark : IDisposable
{
    private readonly LipSyncNet model;
    private readonly optim.Optimizer optimizer;
    private readonly LipSyncLoss loss;
    private readonly WorkingCopy? bf16;
    private readonly Tensor face;
    private readonly Tensor audio;
    private readonly Tensor target;

    public TrainingStepBenchmark(LipSyncNet model, int batch, TrainingPrecision precision)
    {
        loss = new LipSyncLoss(0.2, MouthMask.For(model.Profile));
        this.model = model;
        model.train();
        optimizer = optim.Adam(model.parameters(), 1e-3);
        bf16 = WorkingCopy.For(model, precision, device: null);
        face = rand(batch, LipSyncNet.InputChannels, LipSyncNet.ImageSize, LipSyncNet.ImageSize);
        audio = randn([batch, .. model.AudioWindowShape]);
        target = rand(batch, 3, LipSyncNet.ImageSize, LipSyncNet.ImageSize);
    }

    /// <summary>One optimisation step; returns its loss.</summary>
    public double Run()
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        bf16?.LoadFromMaster();
        var prediction = bf16 is null ? model.call(face, audio) : bf16.Forward(face, audio);
        var value = loss.Compute(prediction, target);
        value.backward();
        bf16?.ToMaster();
        optimizer.step();
        return value.item<float>();
    }

    public void Dispose()
    {
        bf16?.Dispose();
        optimizer.Dispose();
        face.Dispose();
        audio.Dispose();
        target.Dispose();
    }
}
