using ATSync.Core.Model;
using System.CommandLine;
using System.Globalization;
using ATSync.Core.Audio;
using ATSync.Core.Training;

namespace ATSync.Worker.Cli;

/// <summary>`atsync train`: a processed dataset -> a person-specific lip-sync model (PyTorch .pth + model card).</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset_dir") { Description = "Dataset folder made by `atsync process`.", Required = true };
        var save = new Option<string>("--save_dir") { Description = "Where checkpoints and the model card go.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training frames.", DefaultValueFactory = _ => 200 };
        var batch = new Option<int>("--batchsize") { Description = "Samples per optimisation step.", DefaultValueFactory = _ => 8 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3 };
        var asr = new Option<AudioFeatureKind?>("--asr") { Description = "mel, hubert or wenet (default: the dataset's features)." };
        var resume = new Option<string?>("--resume") { Description = "Continue a run (its save_dir, resume/ folder or last.pth), or start from a .pth's weights." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var seed = new Option<int>("--seed") { Description = "Seeds weights, data order and reference frames.", DefaultValueFactory = _ => 1 };
        var holdout = new Option<double>("--holdout_tail")
        {
            Description = "Share of the last frames kept out of training for validation (0.2 for `atsync eval`'s protocol).",
            DefaultValueFactory = _ => HoldoutSplit.DefaultTailFraction,
        };
        var precision = new Option<string>("--precision")
        {
            Description = "auto, fp32 or bf16: bf16 runs forward/backward in bfloat16 on a copy of the float32 weights (checkpoints stay float32); auto = bf16 when the CPU has AVX-512 BF16 or AMX.",
            DefaultValueFactory = _ => "auto",
        }.AcceptOnlyFromAmong("auto", "fp32", "bf16");
        var profile = new Option<string>("--profile")
        {
            Description = "cpu (two-stage CPU-sized model: mouth-shape model + half-width image network), reference (the reference design; imports its .pth) or auto = reference on a CUDA GPU or when continuing a reference checkpoint, else cpu.",
            DefaultValueFactory = _ => "auto",
        }.AcceptOnlyFromAmong("auto", "cpu", "reference");
        var maxMinutes = new Option<string?>("--max_minutes")
        {
            Description = "Wall-time budget in minutes (fractions allowed, e.g. 0.5): training stops at the first epoch end at or past it (at most one epoch over), with the best checkpoint and a resumable state (continue with --resume).",
        };
        var references = new Option<ReferenceChoice?>("--references")
        {
            Description = "How each training frame's reference crop is picked: pose (a frame in the nearest head pose, as at inference, where the reference is the source frame itself) or random (the reference tool's recipe, the default).",
        };
        var command = new Command("train", "Train a person's lip-sync model on a processed dataset.")
        {
            dataset, save, epochs, batch, lr, asr, resume, device, seed, holdout, precision, maxMinutes, profile, references,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync("train", async () =>
        {
            var budget = ParseMaxMinutes(parse.GetValue(maxMinutes)); // before any slow work
            var job = new TrainingJobOptions
            {
                DatasetDirectory = parse.GetValue(dataset)!,
                SaveDirectory = parse.GetValue(save)!,
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                Asr = parse.GetValue(asr),
                Resume = parse.GetValue(resume),
                Device = parse.GetValue(device)!,
                Seed = parse.GetValue(seed),
                HoldoutTail = parse.GetValue(holdout),
                Precision = parse.GetValue(precision)!,
                MaxDuration = budget,
                Profile = parse.GetValue(profile)!,
                References = parse.GetValue(references),
            };
            var card = await ConsoleProgress.RunAsync(progress => TrainingJob.RunAsync(job, progress, cancellationToken));
            var best = card.Training.BestEpoch is { } e ? $", best epoch {e}: mouth PSNR {card.Training.BestValidationPsnr:F2} dB, SSIM {card.Training.BestValidationSsim:F3}" : "";
            Console.WriteLine($"model: {Path.Combine(Path.GetFullPath(job.SaveDirectory), "best_digital_model_0.pth")} " +
                              $"({card.Asr.ToString().ToLowerInvariant()}, {ModelProfileChoice.Name(card.Profile)} profile, {card.Training.EpochsCompleted} epochs{best})");
            if (card.Training.StoppedByTimeBudget)
                Console.WriteLine($"time budget of {parse.GetValue(maxMinutes)} min reached: training stopped after {card.Training.EpochsCompleted} of " +
                                  $"{card.Training.EpochsPlanned} epochs (continue with --resume {job.SaveDirectory})");
            return 0;
        }, cancelled: $"cancelled; a resumable state is in {Path.Combine(parse.GetValue(save) ?? ".", "resume")} (continue with --resume)"));
        return command;
    }

    /// <summary>--max_minutes: a positive number of minutes, fractions allowed; null when the flag is absent.</summary>
    internal static TimeSpan? ParseMaxMinutes(string? text)
    {
        if (text is null) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes)
               && TrainingOptions.MaxDurationFromMinutes(minutes) is { } budget
            ? budget
            : throw new ArgumentException($"--max_minutes must be a positive number of minutes, e.g. 30 or 0.5 (got '{text}')");
    }
}
