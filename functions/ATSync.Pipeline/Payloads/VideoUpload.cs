using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Payloads;

/// <summary>A video landed in <c>videos/</c>: which blob, which version of it (ETag and MD5 when the service has one).</summary>
public sealed record VideoUpload(string PersonId, BlobRef Video, string ETag, string? ContentMd5);
