namespace ATSync.Core.Training;

/// <summary>What a finished run produced: every epoch's summary and the checkpoint files.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochSummary> History, string BestCheckpointPath, string LastCheckpointPath);
