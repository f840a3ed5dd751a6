namespace ATSync.Pipeline.Payloads;

public sealed record AssembleDatasetInput(VideoUpload Upload, PrepareSettings Settings, int FrameCount,
    IReadOnlyList<SegmentScanResult> Segments, AudioFeaturesResult Audio);
