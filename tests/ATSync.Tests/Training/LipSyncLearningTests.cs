using ATSync.Tests.Support;
using ATSync.Core.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ATSync.Tests.Training;

/// <summary>Training learns the audio -> mouth mapping: held-out frames get the mouth opening their audio calls for.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class LipSyncLearningTests(ITestOutputHelper output)
{
    // 48 Adam steps of batch 8 at 160x160: the slowest test of the area (minutes on a busy 2-core machine).
    [Fact]
    [Trait("Category", "Slow")]
    public void HeldOutMouthOpeningFollowsTheAudio()
    {
        const int frames = 80;
        var face = new SyntheticTalkingFace(frames, seed: 7);
        var heldOut = Enumerable.Range(0, frames).Where(i => i % 5 == 2).ToArray();
        using var data = new TrainingSet(face.Crops, face.Features, heldOut);
        var directory = Directory.CreateTempSubdirectory("atsync-learn-");
        try
        {
            var options = new TrainingOptions
            {
                OutputDirectory = directory.FullName, Epochs = Epochs, BatchSize = 8, LearningRate = 2e-3, Seed = 3,
            };
            using var trainer = LipSyncTrainer.Start(data, options);
            var result = trainer.Train(new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.CompletedEpoch is { } e)
                    output.WriteLine($"epoch {e.Epoch}: loss {e.TrainLoss:F4} psnr {e.ValidationPsnr:F2} ssim {e.ValidationSsim:F3} ({p.SamplesPerSecond:F2} samples/s)");
            }));

            var predicted = PredictOpenings(trainer, data, heldOut);
            var truth = heldOut.Select(i => face.Opening[i]).ToArray();
            var correlation = Statistics.Pearson(predicted, truth);
            output.WriteLine($"held-out correlation {correlation:F3}");
            for (var k = 0; k < heldOut.Length; k++) output.WriteLine($"  frame {heldOut[k]}: true {truth[k]:F2} predicted {predicted[k]:F2}");
            Assert.True(correlation > 0.6, $"predicted mouth opening correlates {correlation:F3} with the audio's");
            Assert.True(File.Exists(result.BestCheckpointPath) && File.Exists(result.LastCheckpointPath));
            Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss, "training loss did not decrease");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private const int Epochs = 6;

    private static double[] PredictOpenings(LipSyncTrainer trainer, TrainingSet data, int[] heldOut)
    {
        trainer.Model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // As at inference: any frame of the person as reference; use one fixed training frame for all.
        var reference = Enumerable.Repeat(data.TrainFrames[0], heldOut.Length).ToArray();
        using var batch = data.Batch(heldOut, reference);
        var prediction = trainer.Model.call(batch.Face, batch.Audio).contiguous();
        var values = prediction.data<float>().ToArray();
        var length = 3 * SyntheticTalkingFace.Size * SyntheticTalkingFace.Size;
        return heldOut.Select((_, k) => SyntheticTalkingFace.MeasureOpening(values.AsSpan(k * length, length))).ToArray();
    }
}
