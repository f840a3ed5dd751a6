using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ATSync.Core.Audio;
using ATSync.Core.Faces;
using ATSync.Core.Training;
using ATSync.Tests.Support;

namespace ATSync.Tests.Training;

/// <summary>
/// <see cref="TrainingOptions.MaxDuration"/>: training stops at the first epoch end at or past the budget (so at most
/// one epoch over), keeps a resumable state, says so in its result and the model card; without a budget, or with one
/// reached only at the last epoch, every planned epoch runs. No figure here depends on the CPU's speed.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class TrainingTimeBudgetTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("atsync-budget-");
    private readonly TrainingSet data;

    public TrainingTimeBudgetTests()
    {
        var face = new SyntheticTalkingFace(8, seed: 1);
        data = new TrainingSet(face.Crops, face.Features, [2, 6]); // 6 training frames -> 2 steps of 3
    }

    private TrainingOptions Options(string name, int epochs, TimeSpan? budget = null) =>
        new() { OutputDirectory = Path.Combine(root.FullName, name), Epochs = epochs, BatchSize = 3, Seed = 11, MaxDuration = budget };

    [Fact]
    public void ABudgetStopsTrainingWithinOneEpochOfIt()
    {
        var budget = TimeSpan.FromSeconds(3);
        const int planned = 10_000;
        var options = Options("budget", planned, budget);
        var epochEnds = new List<TimeSpan>();
        TrainingResult result;
        TimeSpan elapsed;
        using (var trainer = LipSyncTrainer.Start(data, options))
        {
            // Started before Train's own clock, so it reads at least what the trainer's does.
            var clock = Stopwatch.StartNew();
            result = trainer.Train(new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.CompletedEpoch is not null) epochEnds.Add(clock.Elapsed);
            }));
            elapsed = clock.Elapsed;
        }

        Assert.True(result.StoppedByTimeBudget);
        Assert.InRange(result.History.Count, 1, planned - 1);
        Assert.Equal(epochEnds.Count, result.History.Count);
        Assert.True(elapsed >= budget, $"stopped after {elapsed}, before the budget {budget}");
        // The epoch before the last ended before the budget, so the run is over it by at most its last (or longest) epoch.
        var longestEpoch = epochEnds.Zip([TimeSpan.Zero, .. epochEnds], (end, start) => end - start).Max();
        var margin = TimeSpan.FromSeconds(2);
        Assert.True(elapsed <= budget + longestEpoch + margin,
            $"stopped after {elapsed}: more than one epoch ({longestEpoch}) past the budget {budget}");

        // What an interrupted run keeps: the best checkpoint and a state to resume from, at the epoch it stopped.
        Assert.True(File.Exists(options.BestCheckpointPath));
        Assert.True(LipSyncTrainer.CanResume(options));
        using var resumed = LipSyncTrainer.Resume(data, options with { MaxDuration = null });
        Assert.Equal(result.History.Count, resumed.CompletedEpochs);
        Assert.Equal(result.History, resumed.History);
    }

    [Fact]
    public void ASpentBudgetStopsAfterOneEpochAndAResumedRunFinishes()
    {
        var options = Options("spent", 2, TimeSpan.FromTicks(1));
        using (var trainer = LipSyncTrainer.Start(data, options))
        {
            var result = trainer.Train();
            Assert.True(result.StoppedByTimeBudget);
            Assert.Single(result.History);
        }
        // Resumed with the same budget: spent again by the end of the last epoch, but nothing is cut short.
        using (var trainer = LipSyncTrainer.Resume(data, options))
        {
            var result = trainer.Train();
            Assert.False(result.StoppedByTimeBudget);
            Assert.Equal([1, 2], result.History.Select(e => e.Epoch));
        }
    }

    [Fact]
    public void WithoutABudgetEveryEpochRuns()
    {
        using var trainer = LipSyncTrainer.Start(data, Options("none", 2));
        var result = trainer.Train();
        Assert.False(result.StoppedByTimeBudget);
        Assert.Equal([1, 2], result.History.Select(e => e.Epoch));
    }

    [Fact]
    public void BudgetsInMinutes()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), TrainingOptions.MaxDurationFromMinutes(0.5));
        Assert.Equal(TimeSpan.FromHours(2), TrainingOptions.MaxDurationFromMinutes(120));
        Assert.Equal(TimeSpan.FromTicks(1), TrainingOptions.MaxDurationFromMinutes(1e-300)); // positive stays positive
        Assert.Equal(TimeSpan.MaxValue, TrainingOptions.MaxDurationFromMinutes(1e300));
        foreach (var bad in new[] { 0, -1, double.NaN, double.PositiveInfinity })
            Assert.Null(TrainingOptions.MaxDurationFromMinutes(bad));
        var error = Assert.Throws<ArgumentException>(() => LipSyncTrainer.Start(data, Options("zero", 1, TimeSpan.Zero)));
        Assert.Contains("time budget", error.Message);
    }

    [Fact]
    public void TheStepTextShowsTheLastHeldOutScoresOnceThereAreAny()
    {
        var step = new TrainingProgress(3, 10, 2, 5, 0.04123, 12.34, TimeSpan.FromMinutes(1));
        Assert.Equal("epoch 3/10 loss 0.0412 12.3 samples/s", TrainingJob.StepDetail(step, null));
        Assert.Equal("epoch 3/10 loss 0.0412 12.3 samples/s", TrainingJob.StepDetail(step, new EpochSummary(2, 0.05, double.NaN, double.NaN)));
        Assert.Equal("epoch 3/10 loss 0.0412 12.3 samples/s held-out 21.3 dB / SSIM 0.52",
            TrainingJob.StepDetail(step, new EpochSummary(2, 0.05, 21.34, 0.5234)));
    }

    [Fact]
    public void TheModelCardRecordsTheBudgetAndCardsWithoutItStillRead()
    {
        var card = new ModelCard
        {
            Asr = AudioFeatureKind.Mel,
            LandmarkScheme = LandmarkScheme.Ibug68,
            Parameters = 1,
            Dataset = new ModelCard.DatasetInfo("d", "sha256:0", null, 10, 1),
            Training = new ModelCard.TrainingInfo(100, 7, 8, 1e-3, 1, 0.2, 7, 20.0, 0.5, 3.0, "cpu", MaxMinutes: 0.5, StoppedByTimeBudget: true),
            History = [],
        };
        var path = Path.Combine(root.FullName, ModelCard.FileName);
        card.Write(path);
        var training = JsonNode.Parse(File.ReadAllText(path))!["training"]!.AsObject();
        Assert.Equal(0.5, training["max_minutes"]!.GetValue<double>());
        Assert.True(training["stopped_by_time_budget"]!.GetValue<bool>());
        Assert.Equal(card.Training, ModelCard.Read(path).Training);

        // A card written before budgets existed.
        var old = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        old["training"]!.AsObject().Remove("max_minutes");
        old["training"]!.AsObject().Remove("stopped_by_time_budget");
        File.WriteAllText(path, old.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var read = ModelCard.Read(path).Training;
        Assert.Null(read.MaxMinutes);
        Assert.False(read.StoppedByTimeBudget);
        Assert.Equal(7, read.EpochsCompleted);
    }

    public void Dispose()
    {
        data.Dispose();
        root.Delete(recursive: true);
    }
}
