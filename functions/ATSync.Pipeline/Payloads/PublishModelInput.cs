using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Payloads;

public sealed record PublishModelInput(string PersonId, string JobId, BlobRef Folder, string? ReportedModelUri, BlobRef? Video);
