using ATSync.Core.Audio;
using ATSync.Core.Faces;
using ATSync.Core.Inference;

namespace ATSync.Core.Evaluation;

/// <summary>What `atsync eval` scores and where its report and contact sheet go.</summary>
public sealed record EvaluationOptions
{
    public const string DefaultReportName = "eval_report.json";

    public required string DatasetDirectory { get; init; }

    /// <summary>A .pth checkpoint or exported .onnx model; its model_card.json says which frames were held out.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The JSON report; null: eval_report.json beside the model.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The PNG contact sheet; null: the report's path with .png.</summary>
    public string? ContactSheetPath { get; init; }

    /// <summary>Rows of the contact sheet (frames sampled evenly over the held-out tail).</summary>
    public int Samples { get; init; } = 6;

    /// <summary>null: the model card's.</summary>
    public AudioFeatureKind? Asr { get; init; }

    public InferenceEngine? Engine { get; init; }

    /// <summary>Score only this shorter tail (a fraction, as `atsync train --holdout_tail`); null: the card's whole held-out tail.</summary>
    public double? HoldoutTail { get; init; }

    /// <summary>The training frame whose crop is the network's reference input (and the reference-paste baseline) for
    /// every held-out frame; null: each held-out frame's nearest training frame in head pose.</summary>
    public int? ReferenceFrame { get; init; }

    public string FaceDetector { get; init; } = FacePipelineFactory.Haar;
    public string Landmarks { get; init; } = FacePipelineFactory.Dlib68;
    public int BatchSize { get; init; } = 16;

    /// <summary>The CPU profile's mouth sketch: predicted from the audio (the product) or the frame's own (a diagnostic).</summary>
    public SketchSource Sketch { get; init; } = SketchSource.Audio;
    public CompositeOptions Composite { get; init; } = CompositeOptions.Default;

    public string ResolvedReportPath => Path.GetFullPath(ReportPath
        ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ModelPath))!, DefaultReportName));

    public string ResolvedContactSheetPath => Path.GetFullPath(ContactSheetPath ?? Path.ChangeExtension(ResolvedReportPath, ".png"));

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DatasetDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelPath);
        if (Samples is < 1 or > 200) throw new ArgumentException($"--samples {Samples}: give 1 to 200 contact sheet rows");
        if (BatchSize < 1) throw new ArgumentException($"--batch_size {BatchSize}: must be at least 1");
        if (ReferenceFrame < 0) throw new ArgumentException($"--reference_frame {ReferenceFrame}: must be a frame index (0 or more)");
        if (string.Equals(ResolvedReportPath, ResolvedContactSheetPath, StringComparison.Ordinal))
            throw new ArgumentException($"the report and the contact sheet would both be {ResolvedReportPath}");
    }
}
