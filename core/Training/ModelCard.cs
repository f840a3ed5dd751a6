using System.Text.Json;
using System.Text.Json.Serialization;
using ATSync.Core.Audio;
using ATSync.Core.Faces;

namespace ATSync.Core.Training;

/// <summary>
/// model_card.json beside a trained person's checkpoints: what the model expects (audio features, landmark scheme,
/// crop), how it was trained, how well it did on held-out frames, and which dataset it came from (so inference can
/// reuse that dataset when given the same video).
/// </summary>
public sealed record ModelCard
{
    public const string FileName = "model_card.json";

    public int FormatVersion { get; init; } = 1;
    public required AudioFeatureKind Asr { get; init; }
    /// <summary>The network design; cards written before profiles existed are the reference's.</summary>
    public Model.ModelProfile Profile { get; init; } = Model.ModelProfile.Reference;
    public required LandmarkScheme LandmarkScheme { get; init; }
    public int CropResize { get; init; } = FaceCropRegion.ResizedSide;
    public int CropSize { get; init; } = FaceCropRegion.NetworkSide;
    public required long Parameters { get; init; }
    public required DatasetInfo Dataset { get; init; }
    public required TrainingInfo Training { get; init; }
    public required IReadOnlyList<EpochSummary> History { get; init; }
    public DateTimeOffset UpdatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <param name="Fingerprint">sha256 of the source video (our datasets), or a shape summary (reference datasets).</param>
    /// <param name="HeldOutFrames">The last this many frames (a tail, <see cref="HoldoutSplit"/>) were never trained on by
    /// any run of this model (a resumed run keeps the smallest tail): `atsync eval` scores exactly these.</param>
    public sealed record DatasetInfo(string Directory, string Fingerprint, string? SourceVideo, int Frames, int HeldOutFrames);

    /// <param name="MaxMinutes">The last run's wall-time budget (`--max_minutes`); null: none (and cards written before budgets).</param>
    /// <param name="StoppedByTimeBudget">That budget ended the last run before <paramref name="EpochsPlanned"/> (resume to go on).</param>
    /// <param name="References">How the reference frames were picked (null: cards written before the choice, random).</param>
    public sealed record TrainingInfo(int EpochsPlanned, int EpochsCompleted, int BatchSize, double LearningRate, int Seed,
        double StructuralWeight, int? BestEpoch, double? BestValidationPsnr, double? BestValidationSsim,
        double SamplesPerSecond, string Device, double? MaxMinutes = null, bool StoppedByTimeBudget = false,
        ReferenceChoice? References = null);

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string PathBeside(string checkpointPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, FileName);

    /// <summary>Written to a temporary file and moved into place, so a reader never sees half a card.</summary>
    public void Write(string path)
    {
        var partial = path + ".partial";
        File.WriteAllText(partial, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(partial, path, overwrite: true);
    }

    public static ModelCard Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(path), JsonOptions)
                   ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a readable model card ({e.Message})", e);
        }
    }
}
