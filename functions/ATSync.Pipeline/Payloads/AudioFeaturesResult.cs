using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Payloads;

public sealed record AudioFeaturesResult(BlobRef Audio, BlobRef Features, int[] Shape, double Seconds);
