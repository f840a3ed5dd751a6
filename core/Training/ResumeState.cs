using System.Text.Json;
using System.Text.Json.Serialization;
using ATSync.Core.Audio;

namespace ATSync.Core.Training;

/// <summary>
/// Where a run stands, saved beside the model and optimizer state: the next epoch and step to run (0-based), the
/// running sums of the current epoch, the history and the best validation score so far.
/// </summary>
internal sealed record ResumeState(
    AudioFeatureKind Audio,
    int Seed,
    int NextEpoch,
    int NextStep,
    double EpochLossSum,
    long EpochSamples,
    double BestScore,
    List<EpochSummary> History)
{
    private const string FileName = "state.json";

    // NaN (no held-out frames) and -Infinity (no best yet) must survive the round trip.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string ModelPath(string directory) => Path.Combine(directory, "model.pth");

    public static string OptimizerPath(string directory) => Path.Combine(directory, "optimizer.bin");

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, FileName));

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path + ".partial", JsonSerializer.Serialize(this, Json));
        File.Move(path + ".partial", path, overwrite: true);
    }

    public static ResumeState Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"no resumable training state in {directory} ({FileName} is missing)", path);
        try
        {
            return JsonSerializer.Deserialize<ResumeState>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a readable training state ({e.Message})", e);
        }
    }
}
