using ATSync.Tests.Support;
using ATSync.Core.Model;
using ATSync.Core.Training;
using Xunit.Abstractions;

namespace ATSync.Tests.Training;

/// <summary>
/// bf16 mixed-precision training: on the synthetic talking face it lowers the loss about as much as float32 from the
/// same start, it really runs a different arithmetic, and its checkpoints are float32 PyTorch state dicts that load
/// like any other.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class Bf16TrainingTests(ITestOutputHelper output)
{
    private const int Frames = 16;

    [Fact]
    public void Bf16TrainingLearnsLikeFloat32AndWritesFloat32Checkpoints()
    {
        var face = new SyntheticTalkingFace(Frames, seed: 5);
        var fp32 = Train(face, TrainingPrecision.Fp32, out _);
        var bf16 = Train(face, TrainingPrecision.Bf16, out var bf16Checkpoint);
        try
        {
            output.WriteLine($"fp32 epoch losses: {string.Join(", ", fp32.Select(l => l.ToString("F4")))}");
            output.WriteLine($"bf16 epoch losses: {string.Join(", ", bf16.Select(l => l.ToString("F4")))}");
            Assert.True(bf16[^1] < 0.8 * bf16[0], $"bf16 loss went from {bf16[0]:F4} to {bf16[^1]:F4}");
            Assert.True(fp32[^1] < 0.8 * fp32[0], $"fp32 loss went from {fp32[0]:F4} to {fp32[^1]:F4}");
            // Comparable progress: bf16 gets at least 80 % of float32's loss reduction.
            Assert.True(bf16[0] - bf16[^1] >= 0.8 * (fp32[0] - fp32[^1]),
                $"bf16 reduced the loss by {bf16[0] - bf16[^1]:F4}, float32 by {fp32[0] - fp32[^1]:F4}");
            // Same seed, same data, same start: only the arithmetic differs, so the losses must differ a little.
            Assert.NotEqual(fp32[0], bf16[0]);

            using var model = LipSyncCheckpoint.Load(bf16Checkpoint);
            Assert.All(model.parameters(), p => Assert.Equal(TorchSharp.torch.ScalarType.Float32, p.dtype));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(bf16Checkpoint)!, recursive: true);
        }
    }

    [Fact]
    public void PrecisionChoicesResolve()
    {
        Assert.Equal(TrainingPrecision.Fp32, TrainingPrecisionChoice.Resolve("fp32"));
        Assert.Equal(TrainingPrecision.Bf16, TrainingPrecisionChoice.Resolve("bf16"));
        Assert.Equal(TrainingPrecisionChoice.CpuHasNativeBf16() ? TrainingPrecision.Bf16 : TrainingPrecision.Fp32,
            TrainingPrecisionChoice.Resolve("auto"));
        Assert.Throws<ArgumentException>(() => TrainingPrecisionChoice.Resolve("fp8"));
    }

    /// <summary>3 epochs of 4 steps (batch 4); returns the mean training loss of each epoch.</summary>
    private static double[] Train(SyntheticTalkingFace face, TrainingPrecision precision, out string checkpoint)
    {
        using var data = new TrainingSet(face.Crops, face.Features, []);
        var directory = Directory.CreateTempSubdirectory($"atsync-{precision}-".ToLowerInvariant());
        var options = new TrainingOptions
        {
            OutputDirectory = directory.FullName, Epochs = 3, BatchSize = 4, LearningRate = 2e-3, Seed = 11, Precision = precision,
        };
        double[] losses;
        using (var trainer = LipSyncTrainer.Start(data, options))
        {
            var result = trainer.Train();
            losses = result.History.Select(e => e.TrainLoss).ToArray();
            checkpoint = result.LastCheckpointPath;
        }
        if (precision == TrainingPrecision.Fp32) directory.Delete(recursive: true);
        return losses;
    }
}
