namespace ATSync.Core.Training;

/// <summary>What a finished run produced: every epoch's summary and the checkpoint files. <paramref name="StoppedByTimeBudget"/>:
/// <see cref="TrainingOptions.MaxDuration"/> ended the run before its last planned epoch (it can be resumed).</summary>
public sealed record TrainingResult(IReadOnlyList<EpochSummary> History, string BestCheckpointPath, string LastCheckpointPath,
    bool StoppedByTimeBudget = false);
