using ATSync.Core.Audio;

namespace ATSync.Core.Training;

/// <summary>Everything `atsync train` (and the worker's train jobs) take: where the data is, where the model goes,
/// and how to train.</summary>
public sealed record TrainingJobOptions
{
    public required string DatasetDirectory { get; init; }
    public required string SaveDirectory { get; init; }

    /// <summary>Features to train on; null: the dataset's own.</summary>
    public AudioFeatureKind? Asr { get; init; }

    public int Epochs { get; init; } = 200;
    public int BatchSize { get; init; } = 8;
    public double LearningRate { get; init; } = 1e-3;
    public int Seed { get; init; } = 1;

    /// <summary>Share of the last frames kept out of training (validation, and `atsync eval`'s protocol).</summary>
    public double HoldoutTail { get; init; } = HoldoutSplit.DefaultTailFraction;

    /// <summary>A resumable state (a save_dir, its resume/ folder, or a .pth beside one) to continue, or a .pth whose
    /// weights start a new run.</summary>
    public string? Resume { get; init; }

    /// <summary>auto, cpu or cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Wall-time budget of this run (null: none): training stops at the first epoch end past it, resumable
    /// (<see cref="TrainingOptions.MaxDuration"/>).</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>Called on the training thread after each epoch's checkpoints and resumable state are saved; training
    /// waits for it, so it may copy the save folder somewhere safe (the GPU worker uploads it for a retry to resume).</summary>
    public Action<EpochSummary>? EpochSaved { get; init; }

    /// <summary>auto, fp32 or bf16 (auto: bf16 where the CPU has AVX-512 BF16 or AMX, see <see cref="TrainingPrecisionChoice"/>).</summary>
    public string Precision { get; init; } = "auto";

    /// <summary>auto | cpu | reference (<see cref="Model.ModelProfileChoice"/>).</summary>
    public string Profile { get; init; } = "auto";

    /// <summary>How reference frames are picked; null: <see cref="ReferenceChoice.Random"/>.</summary>
    public ReferenceChoice? References { get; init; }
}
