using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Payloads;

/// <summary>A prepared dataset: its version folder <c>datasets/{person}/{version}/</c> and its manifest.</summary>
public sealed record DatasetResult(string PersonId, BlobRef Folder, BlobRef Manifest, int FrameCount, double FaceCoverage);
