using ATSync.Core.Media;
using ATSync.Core.Audio;
using ATSync.Core.Faces;

namespace ATSync.Core.Inference;

/// <summary>What `atsync infer` renders: a person's video re-voiced with new audio by their trained model.</summary>
public sealed record LipSyncRenderOptions
{
    public required string InputVideo { get; init; }
    public required string InputAudio { get; init; }

    /// <summary>A .pth checkpoint (model_card.json beside it is read when present) or an exported .onnx file.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The .mp4 to write; the report goes beside it as <c>{OutputPath}.report.json</c>.</summary>
    public required string OutputPath { get; init; }

    public int BatchSize { get; init; } = 32;

    /// <summary>The audio features; null: the model card's, else detected from the checkpoint.</summary>
    public AudioFeatureKind? Asr { get; init; }

    /// <summary>null: ONNX Runtime for an .onnx model, TorchSharp for a .pth checkpoint.</summary>
    public InferenceEngine? Engine { get; init; }
    public string? HubertModelPath { get; init; }
    public string? WenetModelPath { get; init; }

    /// <summary>How this host's user gives those two files, for the error when one is missing (CLI flags by default).</summary>
    public EncoderModelSettings EncoderSettings { get; init; } = EncoderModelSettings.Cli;
    public string FaceDetector { get; init; } = FacePipelineFactory.Haar;
    public string Landmarks { get; init; } = FacePipelineFactory.Dlib68;

    /// <summary>
    /// Frames over which the output fades from the generated mouth back to the untouched source frame after speech
    /// (and in before it), so the mouth does not snap shut or open at a speech/silence boundary.
    /// </summary>
    public int CrossFadeFrames { get; init; } = 3;

    public CompositeOptions Composite { get; init; } = CompositeOptions.Default;

    /// <summary>Longest speech and video, largest video accepted (refused at probe time, before decoding).</summary>
    public MediaLimits Limits { get; init; } = MediaLimits.Default;

    public string ReportPath => OutputPath + ".report.json";

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(InputVideo);
        ArgumentException.ThrowIfNullOrWhiteSpace(InputAudio);
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputPath);
        if (BatchSize < 1) throw new ArgumentException($"--batch_size must be at least 1 (got {BatchSize})");
        if (CrossFadeFrames < 0) throw new ArgumentException($"the cross-fade must be 0 or more frames (got {CrossFadeFrames})");
        if (!File.Exists(InputVideo)) throw new FileNotFoundException($"input video {InputVideo} does not exist", InputVideo);
        if (!File.Exists(InputAudio)) throw new FileNotFoundException($"input audio {InputAudio} does not exist", InputAudio);
        if (Directory.Exists(OutputPath)) throw new IOException($"output {OutputPath} is a folder; give the path of an .mp4 file");
    }
}
