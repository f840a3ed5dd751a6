using System.Text.Json;
using System.Text.Json.Serialization;

namespace ATSync.Core.Evaluation;

/// <summary>
/// The result of `atsync eval` (held-out self-reconstruction), written as JSON: the model's scores and the two
/// baselines' on the same frames, the frames used, the contact sheet's path, and the time each stage took.
/// docs/evaluation.md explains how to read it.
/// </summary>
public sealed record EvaluationReport
{
    public int FormatVersion { get; init; } = 1;
    public string Protocol { get; init; } = "held-out self-reconstruction";
    public required string Dataset { get; init; }
    public required string Model { get; init; }
    public required string Engine { get; init; }
    public required string Asr { get; init; }

    /// <summary>Where a CPU-profile model's mouth sketch came from (<see cref="SketchSource"/>); null for the reference profile.</summary>
    public string? Sketch { get; init; }

    /// <summary>The evaluated frames are HeldOutFirst .. HeldOutFirst + HeldOutCount - 1 (never trained on).</summary>
    public required int HeldOutFirst { get; init; }
    public required int HeldOutCount { get; init; }
    public required int DatasetFrames { get; init; }
    /// <summary>The fixed reference frame asked for (`--reference_frame`); null: each frame's own (<see cref="References"/>).</summary>
    public required int? ReferenceFrame { get; init; }

    /// <summary>"pose": each held-out frame's reference is the training frame nearest in head pose (the default);
    /// "fixed": <see cref="ReferenceFrame"/> for every frame (or frame 0 where pose is unavailable).</summary>
    public string References { get; init; } = "fixed";

    /// <summary>Held-out real frames in which our detector found a face (LMD and the opening need one).</summary>
    public required int RealFacesDetected { get; init; }

    /// <summary>Scores per method: "model", "reference_paste", "mean_mouth".</summary>
    public required IReadOnlyDictionary<string, MethodScores> Scores { get; init; }

    /// <summary>Mean seam excess of the untouched real frames at the same squares: what "no seam" scores.</summary>
    public double? SeamExcessReal { get; init; }

    /// <summary>The model's scores frame by frame.</summary>
    public required IReadOnlyList<FrameScores> Frames { get; init; }

    public string? ContactSheet { get; init; }
    public required IReadOnlyList<int> ContactSheetFrames { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public required IReadOnlyDictionary<string, double> StageSeconds { get; init; }

    /// <param name="Psnr">Mean PSNR (dB) of the mouth region, capped at 100 dB for identical pixels.</param>
    /// <param name="Ssim">Mean SSIM of the mouth region (1 = identical).</param>
    /// <param name="Lmd">Mean mouth landmark distance / inter-ocular distance over frames where both faces were found.</param>
    /// <param name="LmdFrames">Frames LMD and the opening correlation were computed on.</param>
    /// <param name="OpeningCorrelation">Pearson r of generated vs real inner-lip opening over time (0 for a frozen mouth).</param>
    /// <param name="SeamExcess">Mean <see cref="Inference.SeamScore.Excess"/> of the composited frames (grey levels).</param>
    public sealed record MethodScores(double Psnr, double Ssim, double? Lmd, int LmdFrames, double? OpeningCorrelation, double? SeamExcess);

    /// <param name="Reference">The training frame whose crop was the reference input (and the reference paste).</param>
    public sealed record FrameScores(int Frame, double Psnr, double Ssim, double? Lmd, int Reference);

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static EvaluationReport Read(string path) =>
        JsonSerializer.Deserialize<EvaluationReport>(File.ReadAllText(path), JsonOptions)
        ?? throw new InvalidDataException($"{path} is empty");
}
