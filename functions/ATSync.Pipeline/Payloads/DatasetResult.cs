using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Payloads;

/// <summary>A prepared dataset: the folder <c>datasets/{person}/</c> and its manifest.</summary>
public sealed record DatasetResult(string PersonId, BlobRef Folder, BlobRef Manifest, int FrameCount, double FaceCoverage);
