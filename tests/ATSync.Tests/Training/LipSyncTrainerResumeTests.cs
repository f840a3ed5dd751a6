using ATSync.Tests.Support;
using ATSync.Core.Model;
using ATSync.Core.Training;

namespace ATSync.Tests.Training;

/// <summary>Same seed, same run; a resumed run (after an epoch or after a cancel mid-epoch) has the same next losses.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class LipSyncTrainerResumeTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("atsync-resume-");
    private readonly TrainingSet data;

    public LipSyncTrainerResumeTests()
    {
        var face = new SyntheticTalkingFace(8, seed: 1);
        data = new TrainingSet(face.Crops, face.Features, [2, 6]); // 6 training frames -> 2 steps of 3
    }

    private TrainingOptions Options(string name, int epochs) =>
        new() { OutputDirectory = Path.Combine(root.FullName, name), Epochs = epochs, BatchSize = 3, Seed = 11 };

    private static List<double> StepLosses(LipSyncTrainer trainer, CancellationTokenSource? cancelAfterFirstStep = null)
    {
        var losses = new List<double>();
        trainer.Train(new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.CompletedEpoch is not null) return;
            losses.Add(p.Loss);
            cancelAfterFirstStep?.Cancel();
        }), cancelAfterFirstStep?.Token ?? default);
        return losses;
    }

    [Fact]
    public void ResumingAfterAnEpochOrACancelGivesTheUninterruptedLosses()
    {
        List<double> straight;
        IReadOnlyList<EpochSummary> straightHistory;
        using (var trainer = LipSyncTrainer.Start(data, Options("straight", 2)))
        {
            straight = StepLosses(trainer);
            straightHistory = trainer.History;
        }
        Assert.Equal(4, straight.Count);

        // 1 epoch, then resume for the second.
        var split = Options("split", 1);
        List<double> firstHalf;
        using (var trainer = LipSyncTrainer.Start(data, split)) firstHalf = StepLosses(trainer);
        Assert.True(LipSyncTrainer.CanResume(split));
        List<double> secondHalf;
        IReadOnlyList<EpochSummary> splitHistory;
        using (var trainer = LipSyncTrainer.Resume(data, split with { Epochs = 2 }))
        {
            Assert.Equal(1, trainer.CompletedEpochs);
            secondHalf = StepLosses(trainer);
            splitHistory = trainer.History;
        }
        Assert.Equal(straight, [.. firstHalf, .. secondHalf]);
        Assert.Equal(straightHistory, splitHistory);

        // Cancelled after its first step: a resumable state is written, and resuming continues mid-epoch.
        var cancelled = Options("cancelled", 2);
        using (var trainer = LipSyncTrainer.Start(data, cancelled))
        using (var cancel = new CancellationTokenSource())
        {
            Assert.ThrowsAny<OperationCanceledException>(() => StepLosses(trainer, cancel));
        }
        Assert.True(LipSyncTrainer.CanResume(cancelled));
        List<double> afterCancel;
        using (var trainer = LipSyncTrainer.Resume(data, cancelled)) afterCancel = StepLosses(trainer);
        Assert.Equal(straight.Skip(1), afterCancel);

        // Checkpoints are PyTorch state dicts of the trained model.
        Assert.Equal(data.Audio, LipSyncCheckpoint.DetectAudioKind(cancelled.LastCheckpointPath));
        Assert.True(File.Exists(cancelled.BestCheckpointPath));
    }

    public void Dispose()
    {
        data.Dispose();
        root.Delete(recursive: true);
    }
}
