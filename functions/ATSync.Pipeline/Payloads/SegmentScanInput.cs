namespace ATSync.Pipeline.Payloads;

/// <summary>One fan-out branch: scan frames <paramref name="First"/>..<paramref name="Last"/> (inclusive) of the video.</summary>
public sealed record SegmentScanInput(VideoUpload Upload, int Segment, int First, int Last);
