using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Payloads;

/// <summary>Render <paramref name="Audio"/> with the person's latest model into <c>results/{jobId}/result.mp4</c>.</summary>
public sealed record LipsyncInput(string PersonId, string JobId, BlobRef Audio, WaitSettings Wait,
    IReadOnlyDictionary<string, string>? Parameters = null);
