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
    /// <summary>Upper bounds: a job beyond them is a mistake or an attack that would hold a GPU for weeks (the
    /// reference recipe is 200 epochs) or exhaust its memory with one batch (16 is the GPU bench's batch).</summary>
    public const int MaxEpochs = 10_000;
    public const int MaxBatchSize = 256;
    public const double MaxMaxMinutes = 7 * 24 * 60;

    public static TrainParameters Read(IReadOnlyDictionary<string, string>? parameters, out List<string> errors)
    {
        var reader = new JobParameterReader(parameters, "train");
        var result = new TrainParameters(
            reader.Int("epochs", 200, min: 1, max: MaxEpochs),
            reader.Int("batchsize", 8, min: 1, max: MaxBatchSize),
            reader.Double("lr", 1e-3, v => v > 0 && double.IsFinite(v), "a positive number"),
            reader.Enum<AudioFeatureKind>("asr"),
            reader.Int("seed", 1, min: int.MinValue),
            reader.Double("holdout_tail", HoldoutSplit.DefaultTailFraction, v => v is >= 0 and < 1, "a fraction in [0, 1)"),
            reader.OptionalDouble("max_minutes", v => v <= MaxMaxMinutes && TrainingOptions.MaxDurationFromMinutes(v) is not null,
                $"a positive number of minutes, at most {MaxMaxMinutes} (a week)"),
            reader.Enum<ModelProfile>("profile"));
        reader.RejectUnknown();
        errors = reader.Errors;
        return result;
    }

    /// <summary>The budget as the trainer takes it.</summary>
    public TimeSpan? MaxDuration => MaxMinutes is { } minutes ? TrainingOptions.MaxDurationFromMinutes(minutes) : null;
}
