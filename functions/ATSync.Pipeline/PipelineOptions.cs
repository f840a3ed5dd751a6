using ATSync.Core.Audio;

namespace ATSync.Pipeline;

/// <summary>Settings of the pipeline (configuration section "Pipeline").</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>Public base URL the GPU worker POSTs job callbacks to (a query string such as <c>?code=key</c> is kept).
    /// Empty: no callbacks, the orchestrations poll.</summary>
    public string? CallbackBaseUrl { get; set; }

    /// <summary>Shared with the GPU worker (its Worker:CallbackSecret; Key Vault in Azure): callbacks must carry its
    /// signature (X-ATSync-Signature, at most 5 minutes old), which lets the callback route be anonymous. Empty: callbacks
    /// are taken unsigned (they only wake an orchestration, which then asks the worker itself).</summary>
    public string? CallbackSecret { get; set; }

    /// <summary>How many segments PrepareDataset fans the face and landmark scan out to.</summary>
    public int Segments { get; set; } = 4;

    /// <summary>Audio features of new datasets (mel; hubert with <see cref="HubertModelPath"/>; wenet with <see cref="WenetModelPath"/>).</summary>
    public AudioFeatureKind Asr { get; set; } = AudioFeatureKind.Mel;

    /// <summary>The HuBERT / WeNet encoder ONNX files for those features: local files of the app (e.g. shipped in its
    /// package); the GPU worker needs the same ones (Worker:HubertModelPath / WenetModelPath) to render new audio.</summary>
    public string? HubertModelPath { get; set; }

    /// <inheritdoc cref="HubertModelPath"/>
    public string? WenetModelPath { get; set; }

    /// <summary>Local scratch folder for downloaded videos and per-segment work (default: the temp folder).</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>How often a waiting orchestration polls the worker when no callback came.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a worker job may take before the orchestration cancels it and fails.</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Training parameters used when a video upload starts the pipeline (the CLI's flags without dashes).</summary>
    public Dictionary<string, string> TrainParameters { get; set; } = new() { ["epochs"] = "10" };

    /// <summary>How long the download links of results (lip-sync video and report, evaluation contact sheet) stay valid.</summary>
    public TimeSpan ReadLinkExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest video PUT /api/persons/{id}/video takes (streamed to blob storage, never held in memory).</summary>
    public long MaxVideoUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Size the activities' download cache (videos, audio) is trimmed to, least recently used first.</summary>
    public long InputCacheMaxBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Downloads used more recently than this are never evicted (an activity may still read them).</summary>
    public TimeSpan InputCacheKeepRecent { get; set; } = TimeSpan.FromHours(2);

    public string ScratchDirectory => string.IsNullOrWhiteSpace(WorkDirectory)
        ? Path.Combine(Path.GetTempPath(), "atsync-pipeline")
        : WorkDirectory;
}
