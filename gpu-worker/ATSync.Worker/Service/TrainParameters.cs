using ATSync.Core.Audio;
using ATSync.Core.Model;
using ATSync.Core.Training;

namespace ATSync.Worker.Service;

/// <summary>A train job's parameters: `atsync train`'s flags without dashes.</summary>
/// <param name="MaxMinutes">Wall-time budget of an attempt (null: none); see <see cref="TrainingOptions.MaxDuration"/>.</param>
/// <param name="Profile">Which network (null: auto, as `atsync train --profile`; <see cref="ModelProfileChoice"/>).</param>
public sealed record TrainParameters(int Epochs, int BatchSize, double LearningRate, AudioFeatureKind? Asr, int Seed, double HoldoutTail,
    double? MaxMinutes = null, ModelProfile? Profile = null)
{
    public static TrainParameters Read(IReadOnlyDictionary<string, string>? parameters, out List<string> errors)
    {
        var reader = new JobParameterReader(parameters, "train");
        var result = new TrainParameters(
            reader.Int("epochs", 200, min: 1),
            reader.Int("batchsize", 8, min: 1),
            reader.Double("lr", 1e-3, v => v > 0 && double.IsFinite(v), "a positive number"),
            reader.Enum<AudioFeatureKind>("asr"),
            reader.Int("seed", 1, min: int.MinValue),
            reader.Double("holdout_tail", HoldoutSplit.DefaultTailFraction, v => v is >= 0 and < 1, "a fraction in [0, 1)"),
            reader.OptionalDouble("max_minutes", v => TrainingOptions.MaxDurationFromMinutes(v) is not null, "a positive number of minutes"),
            reader.Enum<ModelProfile>("profile"));
        reader.RejectUnknown();
        errors = reader.Errors;
        return result;
    }

    /// <summary>The budget as the trainer takes it.</summary>
    public TimeSpan? MaxDuration => MaxMinutes is { } minutes ? TrainingOptions.MaxDurationFromMinutes(minutes) : null;
}
