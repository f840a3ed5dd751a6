namespace ATSync.Pipeline.Storage;

/// <summary><c>datasets/{person}/current.json</c>: the person's current dataset version, written after its manifest.</summary>
public sealed record DatasetPointer(BlobRef Folder, int FrameCount, BlobRef Video, DateTimeOffset CompletedUtc);
