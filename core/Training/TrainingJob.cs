using ATSync.Core.IO;
using ATSync.Core.Datasets;
using ATSync.Core.Model;
using ATSync.Core.Mouth;
using ATSync.Core.Faces;
using ATSync.Core.Progress;
using TorchSharp;
using static TorchSharp.torch;

namespace ATSync.Core.Training;

/// <summary>
/// A whole training run for one person: validate the dataset and the save folder, load every crop once, train (or
/// resume), and keep the model card beside the checkpoints up to date.
/// </summary>
public static class TrainingJob
{
    public static async Task<ModelCard> RunAsync(TrainingJobOptions job, IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var requestedProfile = ModelProfileChoice.Parse(job.Profile);
        var computeDevice = TrainingDevice.Resolve(job.Device);
        // auto precision looks at the CPU's bf16 support; on a GPU the step is float32 unless bf16 is asked for.
        var precision = computeDevice.type == DeviceType.CUDA && IsAuto(job.Precision)
            ? TrainingPrecision.Fp32
            : TrainingPrecisionChoice.Resolve(job.Precision);
        var device = TrainingDevice.Describe(computeDevice);
        if (precision == TrainingPrecision.Bf16) device += " (bf16 mixed precision)"; // recorded in the model card
        var dataset = await DatasetReader.ReadAsync(job.DatasetDirectory, job.Asr, cancellationToken);
        EnsureWritable(job.SaveDirectory);
        var options = new TrainingOptions
        {
            OutputDirectory = Path.GetFullPath(job.SaveDirectory),
            Epochs = job.Epochs,
            BatchSize = job.BatchSize,
            LearningRate = job.LearningRate,
            Seed = job.Seed,
            Precision = precision,
            Device = computeDevice,
            MaxDuration = job.MaxDuration,
        };
        // Check what --resume points at before the slow part (decoding every frame).
        var resumeFrom = ResolveResume(job.Resume, options);
        var cardPath = Path.Combine(options.OutputDirectory, ModelCard.FileName);
        // A resumed run has also trained on whatever its earlier runs did: the card keeps the smallest held-out tail,
        // so `atsync eval` never scores a frame that some run trained on.
        int? earlierHeldOut = resumeFrom is { IsState: true } && File.Exists(cardPath) ? ModelCard.Read(cardPath).Dataset.HeldOutFrames : null;
        var startWeights = resumeFrom is { IsState: false } weights ? LipSyncCheckpoint.Load(weights.Path, dataset.Features.Kind) : null;

        var existingProfile = startWeights?.Profile ?? (resumeFrom is { IsState: true } state ? ProfileOf(state.Path, dataset) : null);
        var profile = ModelProfileChoice.Resolve(requestedProfile, existingProfile, computeDevice.type == DeviceType.CUDA);
        var heldOut = HoldoutSplit.Tail(dataset.FrameCount, job.HoldoutTail);
        var mouthShape = profile == ModelProfile.Cpu ? FitMouthShape(dataset, heldOut, options.OutputDirectory, cancellationToken) : null;

        // Random references unless asked: pose references removed the CPU profile's doubled jaw in obama_20s's eval sheet
        // but on news_5s (100 training frames) validation then kept a blurred early epoch (docs/performance.md).
        var references = job.References ?? ReferenceChoice.Random;
        using var data = TrainingSetLoader.Load(dataset, heldOut, progress, cancellationToken, profile, mouthShape, references);
        using var trainer = resumeFrom switch
        {
            { IsState: true } => LipSyncTrainer.Resume(data, options),
            _ when startWeights is not null => LipSyncTrainer.Start(startWeights, data, options),
            _ => LipSyncTrainer.Start(data, options),
        };

        double samplesPerSecond = 0;
        var card = Card(dataset, data, options, trainer, samplesPerSecond, device, earlierHeldOut);
        // On the training thread, in order: each step's text carries the last validated epoch's held-out figures.
        var latest = trainer.History.LastOrDefault();
        var steps = new InlineProgress<TrainingProgress>(p =>
        {
            samplesPerSecond = p.SamplesPerSecond;
            if (p.CompletedEpoch is { } completed) latest = completed;
            progress?.Report(new StageProgress("train", (long)(p.Epoch - 1) * p.StepsPerEpoch + p.Step, (long)p.Epochs * p.StepsPerEpoch,
                StepDetail(p, latest), p, latest));
        });
        TrainingResult? result = null;
        try
        {
            IProgress<TrainingProgress> reports = job.EpochSaved is { } saved ? new EpochSavedHook(steps, saved) : steps;
            result = await Task.Run(() => trainer.Train(reports, cancellationToken), CancellationToken.None);
        }
        finally
        {
            // Also on Ctrl-C: the card describes the resumable state that was just saved.
            card = Card(dataset, data, options, trainer, samplesPerSecond, device, earlierHeldOut);
            card = card with { Training = card.Training with { MaxMinutes = options.MaxDuration?.TotalMinutes, StoppedByTimeBudget = result?.StoppedByTimeBudget ?? false } };
            if (trainer.CompletedEpochs > 0) card.Write(cardPath);
        }
        return card;
    }

    private static ModelCard Card(PersonDataset dataset, TrainingSet data, TrainingOptions options, LipSyncTrainer trainer,
        double samplesPerSecond, string device, int? earlierHeldOut)
    {
        var best = trainer.History.Where(e => !double.IsNaN(e.ValidationPsnr)).MaxBy(e => e.ValidationPsnr);
        return new ModelCard
        {
            Asr = dataset.Features.Kind,
            Profile = data.Profile,
            LandmarkScheme = dataset.Scheme,
            Parameters = trainer.Model.parameters().Sum(p => p.numel()),
            Dataset = new ModelCard.DatasetInfo(dataset.Layout.Directory, dataset.Fingerprint, dataset.Manifest?.Source.FileName,
                dataset.FrameCount, Math.Min(data.HeldOutFrames.Count, earlierHeldOut ?? int.MaxValue)),
            Training = new ModelCard.TrainingInfo(options.Epochs, trainer.CompletedEpochs, options.BatchSize, options.LearningRate,
                options.Seed, options.StructuralWeight, best?.Epoch, best?.ValidationPsnr, best?.ValidationSsim, samplesPerSecond, device,
                References: data.References),
            History = trainer.History,
        };
    }

    private sealed record ResumeSource(string Path, bool IsState);

    /// <summary>The profile of a resumable state's model (its weights' shapes say).</summary>
    private static ModelProfile ProfileOf(string resumeDirectory, PersonDataset dataset)
    {
        using var model = LipSyncCheckpoint.Load(ResumeState.ModelPath(resumeDirectory), dataset.Features.Kind);
        return model.Profile;
    }

    /// <summary>
    /// The CPU profile's first stage, fitted in seconds on the training frames (deterministic: a resumed run fits the
    /// same model) and written beside the checkpoints, where inference and export look for it.
    /// </summary>
    private static MouthShapeModel FitMouthShape(PersonDataset dataset, IReadOnlyCollection<int> heldOut, string outputDirectory,
        CancellationToken cancellationToken)
    {
        if (dataset.Scheme != LandmarkScheme.Ibug68)
            throw new InvalidDataException(
                $"the CPU profile draws iBUG-68 mouth points, but {dataset.Layout.Directory} has {dataset.Scheme} landmarks: process the video with `atsync process` or train with --profile reference");
        var landmarks = CropLandmarks.ForDataset(dataset);
        var held = heldOut.ToHashSet();
        var train = Enumerable.Range(0, dataset.FrameCount).Where(i => !held.Contains(i)).ToArray();
        var model = MouthShapeFitter.Fit(dataset.Features, landmarks, train, cancellationToken);
        Directory.CreateDirectory(outputDirectory);
        model.Write(Path.Combine(outputDirectory, MouthShapeModel.FileName));
        return model;
    }

    /// <summary>The train stage's text: epoch, the step's loss and speed, and once an epoch has been validated on held-out
    /// frames, its mouth PSNR and SSIM.</summary>
    internal static string StepDetail(TrainingProgress p, EpochSummary? latest) =>
        $"epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} {p.SamplesPerSecond:F1} samples/s" +
        (latest is { ValidationPsnr: var psnr, ValidationSsim: var ssim } && !double.IsNaN(psnr) ? $" held-out {psnr:F1} dB / SSIM {ssim:F2}" : "");

    /// <summary>Runs its handler on the reporting thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
    private sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }

    /// <summary>Calls the hook synchronously (Progress&lt;T&gt; would post it later, while the next epoch overwrites the files).</summary>
    private sealed class EpochSavedHook(IProgress<TrainingProgress> inner, Action<EpochSummary> saved) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            inner.Report(value);
            if (value.CompletedEpoch is { } epoch) saved(epoch);
        }
    }

    /// <summary>Finds what --resume points at, copying a resumable state from elsewhere into this run's save folder.</summary>
    private static ResumeSource? ResolveResume(string? resume, TrainingOptions options)
    {
        if (resume is null) return null;
        var full = Path.GetFullPath(resume);
        string? stateDirectory =
            Directory.Exists(full) && ResumeState.Exists(full) ? full
            : Directory.Exists(full) && ResumeState.Exists(Path.Combine(full, "resume")) ? Path.Combine(full, "resume")
            : File.Exists(full) && ResumeState.Exists(Path.Combine(Path.GetDirectoryName(full)!, "resume")) ? Path.Combine(Path.GetDirectoryName(full)!, "resume")
            : null;
        if (stateDirectory is null)
        {
            if (File.Exists(full)) return new ResumeSource(full, IsState: false);
            throw new FileNotFoundException($"--resume {resume}: no checkpoint or resumable training state there");
        }
        ResumeState.Read(stateDirectory); // refuse a broken state before copying anything
        if (!string.Equals(stateDirectory, Path.GetFullPath(options.ResumeDirectory), StringComparison.Ordinal))
        {
            Directory.CreateDirectory(options.ResumeDirectory);
            foreach (var file in Directory.EnumerateFiles(stateDirectory))
                File.Copy(file, Path.Combine(options.ResumeDirectory, Path.GetFileName(file)), overwrite: true);
        }
        return new ResumeSource(options.ResumeDirectory, IsState: true);
    }

    private static void EnsureWritable(string directory)
    {
        if (WritableFolder.Problem(directory) is { } reason)
            throw new IOException($"save_dir {directory} is not writable: {reason}");
    }

    private static bool IsAuto(string? precision) => string.IsNullOrWhiteSpace(precision) || precision.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase);
}
