namespace ATSync.Core.Training;

/// <summary>How to train. Defaults follow the reference (Adam 1e-3, 200 epochs) except batch 8 (CPU-friendly).</summary>
public sealed record TrainingOptions
{
    /// <summary>Where best_digital_model_0.pth (the specification's name), last.pth and the resumable state (resume/) are written.</summary>
    public required string OutputDirectory { get; init; }

    public int Epochs { get; init; } = 200;

    public int BatchSize { get; init; } = 8;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seeds the initial weights, the data order and the reference frames: same seed, same run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Weight of the (1 - SSIM) mouth term added to L1 (see <see cref="LipSyncLoss"/>).</summary>
    public double StructuralWeight { get; init; } = 0.2;

    /// <summary>Arithmetic of the training step (checkpoints are float32 either way).</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Fp32;

    /// <summary>Where forward and backward run (null: the CPU). On CUDA a <see cref="WorkingCopy"/> runs there while
    /// the float32 master weights, Adam and the checkpoints stay on the CPU.</summary>
    public TorchSharp.torch.Device? Device { get; init; }

    /// <summary>Wall-time budget of one <see cref="LipSyncTrainer.Train"/> call (null: none). It is checked at each epoch
    /// boundary, after validation and the checkpoints are saved: training stops at the first boundary at or past it
    /// (so it overshoots by at most one epoch), and the resumable state lets <c>--resume</c> continue later.</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>A budget of <paramref name="minutes"/> (fractions allowed); null when that is not a positive number.</summary>
    public static TimeSpan? MaxDurationFromMinutes(double minutes)
    {
        if (!double.IsFinite(minutes) || minutes <= 0) return null;
        var ticks = minutes * TimeSpan.TicksPerMinute;
        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks(Math.Max(1, (long)ticks));
    }

    public string BestCheckpointPath => Path.Combine(OutputDirectory, "best_digital_model_0.pth");

    public string LastCheckpointPath => Path.Combine(OutputDirectory, "last.pth");

    public string ResumeDirectory => Path.Combine(OutputDirectory, "resume");

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException("training needs an output directory");
        if (Epochs < 1) throw new ArgumentException($"epochs must be at least 1 (got {Epochs})");
        if (BatchSize < 1) throw new ArgumentException($"batch size must be at least 1 (got {BatchSize})");
        if (!(LearningRate > 0)) throw new ArgumentException($"learning rate must be positive (got {LearningRate})");
        if (StructuralWeight < 0) throw new ArgumentException($"structural weight must not be negative (got {StructuralWeight})");
        if (MaxDuration is { } budget && budget <= TimeSpan.Zero) throw new ArgumentException($"the time budget must be positive (got {budget})");
    }
}
