namespace ATSync.Core.Progress;

/// <summary>Progress of one named stage of a long job (decode, faces, features, train, ...), for progress bars;
/// training also hands over its figures (<see cref="Training"/>, and the latest validated epoch in <see cref="HeldOut"/>).</summary>
public readonly record struct StageProgress(string Stage, long Done, long Total, string? Detail = null,
    Training.TrainingProgress? Training = null, Training.EpochSummary? HeldOut = null)
{
    public double Fraction => Total <= 0 ? 0 : Math.Clamp((double)Done / Total, 0, 1);
}
