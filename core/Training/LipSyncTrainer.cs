using System.Diagnostics;
using ATSync.Core.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ATSync.Core.Training;

/// <summary>
/// Trains a <see cref="LipSyncNet"/> on one <see cref="TrainingSet"/>: Adam, L1 + SSIM loss, validation on the held-out
/// frames after every epoch, best_digital_model_0.pth / last.pth (PyTorch format) and a resumable state (model + Adam moments + epoch,
/// step and running sums) that continues with exactly the losses an uninterrupted run would have had.
/// The trainer owns the model it trains. With <see cref="TrainingPrecision.Bf16"/> or a CUDA <see cref="TrainingOptions.Device"/>
/// the step runs on a <see cref="WorkingCopy"/> while the model itself (checkpoints, optimizer, validation) stays float32
/// on the CPU.
/// </summary>
public sealed class LipSyncTrainer : IDisposable
{
    private readonly TrainingSet data;
    private readonly TrainingOptions options;
    private readonly Adam optimizer;
    private readonly LipSyncLoss loss;
    private readonly WorkingCopy? workingCopy;
    private ResumeState state;

    private LipSyncTrainer(LipSyncNet model, TrainingSet data, TrainingOptions options, ResumeState state)
    {
        if (model.Audio != data.Audio)
            throw new ArgumentException($"the model takes {model.Audio} audio but the training set has {data.Audio} features");
        if (model.Profile != data.Profile)
            throw new ArgumentException($"the model is the {model.Profile} profile but the training set was built for the {data.Profile} profile");
        Model = model;
        this.data = data;
        this.options = options;
        this.state = state;
        optimizer = optim.Adam(model.parameters(), options.LearningRate);
        loss = new LipSyncLoss(options.StructuralWeight, data.Mask);
        workingCopy = WorkingCopy.For(model, options.Precision, options.Device);
    }

    public LipSyncNet Model { get; }

    public IReadOnlyList<EpochSummary> History => state.History;

    /// <summary>Epochs already completed (the next epoch to run, 0-based).</summary>
    public int CompletedEpochs => state.NextEpoch;

    /// <summary>A fresh run: weights initialised from <see cref="TrainingOptions.Seed"/>.</summary>
    public static LipSyncTrainer Start(TrainingSet data, TrainingOptions options)
    {
        options.Validate();
        var model = TorchRandom.Seeded(options.Seed, () => new LipSyncNet(data.Audio, data.Profile));
        return new LipSyncTrainer(model, data, options, NewState(data, options));
    }

    /// <summary>A fresh run from existing weights (e.g. a reference checkpoint); the trainer takes ownership of <paramref name="model"/>.</summary>
    public static LipSyncTrainer Start(LipSyncNet model, TrainingSet data, TrainingOptions options)
    {
        options.Validate();
        return new LipSyncTrainer(model, data, options, NewState(data, options));
    }

    /// <summary>True when <paramref name="options"/>' output directory holds a resumable state.</summary>
    public static bool CanResume(TrainingOptions options) => ResumeState.Exists(options.ResumeDirectory);

    /// <summary>Continues the run saved in the output directory (its seed wins over <paramref name="options"/>' seed).</summary>
    public static LipSyncTrainer Resume(TrainingSet data, TrainingOptions options)
    {
        options.Validate();
        var directory = options.ResumeDirectory;
        var state = ResumeState.Read(directory);
        if (state.Audio != data.Audio)
            throw new InvalidDataException($"the run in {directory} trained {state.Audio} audio but the training set has {data.Audio} features");
        var model = LipSyncCheckpoint.Load(ResumeState.ModelPath(directory), state.Audio, data.Profile);
        var trainer = new LipSyncTrainer(model, data, options with { Seed = state.Seed }, state);
        trainer.optimizer.load_state_dict(ResumeState.OptimizerPath(directory));
        return trainer;
    }

    public TrainingResult Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var batchSize = options.BatchSize;
        var frames = data.TrainFrames;
        var stepsPerEpoch = (frames.Count + batchSize - 1) / batchSize;
        var samplesToGo = (long)(options.Epochs - state.NextEpoch) * frames.Count - (long)state.NextStep * batchSize;
        long samplesDone = 0;
        var clock = Stopwatch.StartNew();
        var stoppedByTimeBudget = false;

        for (var epoch = state.NextEpoch; epoch < options.Epochs; epoch++)
        {
            var order = EpochOrder(epoch);
            Model.train();
            for (var step = state.NextStep; step < stepsPerEpoch; step++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    SaveResumeState();
                    cancellationToken.ThrowIfCancellationRequested();
                }
                var batchFrames = order.Skip(step * batchSize).Take(batchSize).ToArray();
                var stepLoss = TrainStep(batchFrames, References(batchFrames, epoch, step));
                state = state with
                {
                    NextStep = step + 1,
                    EpochLossSum = state.EpochLossSum + stepLoss * batchFrames.Length,
                    EpochSamples = state.EpochSamples + batchFrames.Length,
                };
                samplesDone += batchFrames.Length;
                var speed = samplesDone / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, step + 1, stepsPerEpoch, stepLoss, speed,
                    TimeSpan.FromSeconds(Math.Max(samplesToGo - samplesDone, 0) / speed)));
            }

            var (psnr, ssim) = Validate();
            var summary = new EpochSummary(epoch + 1, state.EpochLossSum / Math.Max(state.EpochSamples, 1), psnr, ssim);
            // Higher held-out PSNR is better; without held-out frames, lower training loss is.
            var score = double.IsNaN(psnr) ? -summary.TrainLoss : psnr;
            var history = new List<EpochSummary>(state.History) { summary };
            var isBest = score > state.BestScore;
            state = state with
            {
                NextEpoch = epoch + 1, NextStep = 0, EpochLossSum = 0, EpochSamples = 0, History = history,
                BestScore = isBest ? score : state.BestScore,
            };
            LipSyncCheckpoint.Save(Model, options.LastCheckpointPath);
            if (isBest) File.Copy(options.LastCheckpointPath, options.BestCheckpointPath, overwrite: true);
            SaveResumeState();
            var rate = samplesDone / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, stepsPerEpoch, stepsPerEpoch, summary.TrainLoss, rate,
                TimeSpan.FromSeconds(Math.Max(samplesToGo - samplesDone, 0) / Math.Max(rate, 1e-9)), summary));

            // The time budget is only checked here, with this epoch saved: the run overshoots it by at most one epoch.
            if (options.MaxDuration is { } budget && clock.Elapsed >= budget && epoch + 1 < options.Epochs)
            {
                stoppedByTimeBudget = true;
                break;
            }
        }
        return new TrainingResult(state.History, options.BestCheckpointPath, options.LastCheckpointPath, stoppedByTimeBudget);
    }

    /// <summary>PSNR (dB) and SSIM of the mouth region on the held-out frames, in eval mode; NaN without held-out frames.</summary>
    public (double Psnr, double Ssim) Validate()
    {
        var heldOut = data.HeldOutFrames;
        if (heldOut.Count == 0) return (double.NaN, double.NaN);
        Model.eval();
        double psnrSum = 0, ssimSum = 0;
        using (no_grad())
        {
            for (var start = 0; start < heldOut.Count; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var frames = heldOut.Skip(start).Take(options.BatchSize).ToArray();
                // Fixed references per held-out frame (epoch -1), so every epoch is scored on the same inputs.
                // The CPU profile is scored on the mouth-shape model's sketches, as it will be used.
                using var batch = data.Batch(frames, References(frames, -1, start), predicted: true);
                var prediction = Model.call(batch.Face, batch.Audio);
                var predictedMouth = data.Mask.Region(prediction);
                var targetMouth = data.Mask.Region(batch.Target);
                psnrSum += ImageQuality.Psnr(predictedMouth, targetMouth).sum().item<float>();
                ssimSum += ImageQuality.Ssim(predictedMouth, targetMouth).sum().item<float>();
            }
        }
        Model.train();
        return (psnrSum / heldOut.Count, ssimSum / heldOut.Count);
    }

    private double TrainStep(int[] frames, int[] references)
    {
        using var scope = NewDisposeScope();
        using var batch = data.Batch(frames, references);
        optimizer.zero_grad();
        if (workingCopy is null)
        {
            var prediction = Model.call(batch.Face, batch.Audio);
            var value = loss.Compute(prediction, batch.Target);
            value.backward();
            optimizer.step();
            return value.item<float>();
        }
        workingCopy.LoadFromMaster();
        var mixedValue = loss.Compute(workingCopy.Forward(batch.Face, batch.Audio), batch.Target);
        mixedValue.backward();
        workingCopy.ToMaster();
        optimizer.step();
        return mixedValue.item<float>();
    }

    private int[] EpochOrder(int epoch)
    {
        var order = data.TrainFrames.ToArray();
        SeededStream.For(state.Seed, epoch, -1).Shuffle(order);
        return order;
    }

    /// <summary>For each frame, one of its pose neighbours at random, or (without them) a uniformly random other
    /// training frame of the same person.</summary>
    internal int[] References(int[] frames, int epoch, int step)
    {
        var random = SeededStream.For(state.Seed, epoch, step);
        if (data.PoseNeighbours is { } neighbours)
            return frames.Select(frame =>
            {
                var candidates = neighbours.For(frame);
                return candidates[random.Next(candidates.Count)];
            }).ToArray();
        var pool = data.TrainFrames;
        return frames.Select(frame =>
        {
            int pick;
            do pick = pool[random.Next(pool.Count)];
            while (pick == frame);
            return pick;
        }).ToArray();
    }

    private void SaveResumeState()
    {
        var directory = options.ResumeDirectory;
        Directory.CreateDirectory(directory);
        LipSyncCheckpoint.Save(Model, ResumeState.ModelPath(directory));
        var optimizerPath = ResumeState.OptimizerPath(directory);
        optimizer.save_state_dict(optimizerPath + ".partial");
        File.Move(optimizerPath + ".partial", optimizerPath, overwrite: true);
        state.Write(directory); // written last: it is what makes the other two files count
    }

    private static ResumeState NewState(TrainingSet data, TrainingOptions options) =>
        new(data.Audio, options.Seed, 0, 0, 0, 0, double.NegativeInfinity, []);

    public void Dispose()
    {
        workingCopy?.Dispose();
        optimizer.Dispose();
        Model.Dispose();
    }
}
