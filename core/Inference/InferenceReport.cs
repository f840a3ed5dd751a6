using System.Text.Json;
using System.Text.Json.Serialization;

namespace ATSync.Core.Inference;

/// <summary>What one `atsync infer` run produced and how well: written beside the video as {output}.report.json.</summary>
public sealed record InferenceReport
{
    public required string Output { get; init; }
    public required string Engine { get; init; }
    public required string Asr { get; init; }

    /// <summary>Output frames (ceil(audio seconds x 25)).</summary>
    public required int Frames { get; init; }

    public required double AudioSeconds { get; init; }
    public required int SourceFrames { get; init; }

    /// <summary>The processed dataset whose frames and landmarks were reused, or null when the video was decoded.</summary>
    public string? ReusedDataset { get; init; }

    /// <summary>Source frames in which the face detector found a face (the others borrow their neighbours' crops).</summary>
    public required int FacesFound { get; init; }

    /// <summary>Face coverage: <see cref="FacesFound"/> / <see cref="SourceFrames"/> (the dataset's own figure when one was reused).</summary>
    public required double FaceCoverage { get; init; }

    /// <summary>Frames where voice activity found no speech (the source frame is kept there).</summary>
    public required int SilentFrames { get; init; }

    /// <summary>Frames that show the generated mouth, fully or in a cross-fade.</summary>
    public required int GeneratedFrames { get; init; }

    /// <summary>
    /// Sync proxy: Pearson correlation, over speech frames, of the generated mouth's opening (contrast of the mouth
    /// area, <see cref="MouthOpening.Measure"/>) with the audio's loudness (<see cref="MouthOpening.Loudness"/>).
    /// Near 0 for an untrained model; a coarse indicator only: real footage with its own audio scores about 0.15.
    /// Null when there are too few speech frames.
    /// </summary>
    public double? SyncProxy { get; init; }

    /// <summary>Mean <see cref="SeamScore.Excess"/> of the output frames around the crop squares, over generated frames.</summary>
    public double? SeamExcessOutput { get; init; }

    /// <summary>The same on the untouched source frames at the same squares: the baseline.</summary>
    public double? SeamExcessSource { get; init; }

    /// <summary>Wall-clock seconds per stage: model, audio, video_and_faces (or dataset when reused), render,
    /// render_network (the network's share of render) and total.</summary>
    public required IReadOnlyDictionary<string, double> StageSeconds { get; init; }

    /// <summary>Output frames per second of the render stage (inference, compositing and encoding).</summary>
    public required double RenderFps { get; init; }

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Written to a temporary file and moved into place.</summary>
    public void Write(string path)
    {
        var partial = path + ".partial";
        File.WriteAllText(partial, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(partial, path, overwrite: true);
    }

    public static InferenceReport Read(string path) =>
        JsonSerializer.Deserialize<InferenceReport>(File.ReadAllText(path), JsonOptions)
        ?? throw new InvalidDataException($"{path} is empty");
}
