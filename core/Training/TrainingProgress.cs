namespace ATSync.Core.Training;

/// <summary>
/// Reported after every optimisation step (and once more with <see cref="CompletedEpoch"/> after validation).
/// Epoch and Step are 1-based; Loss is that step's loss; speed counts training samples of this run.
/// </summary>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double Loss,
    double SamplesPerSecond,
    TimeSpan EstimatedRemaining,
    EpochSummary? CompletedEpoch = null);
