using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Payloads;

public sealed record LipsyncResult(string PersonId, string JobId, BlobRef Result, BlobRef Report, string ModelJobId);
