using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Payloads;

/// <summary>A trained model (<c>models/{person}/latest.json</c> points at the newest): its folder, checkpoint and the
/// person's video it renders onto, and the worker's held-out eval of it when frames were held out.</summary>
public sealed record PersonModel(string PersonId, string JobId, BlobRef Folder, BlobRef? Checkpoint, BlobRef? Video,
    DateTimeOffset TrainedAt, BlobRef? EvalReport = null, BlobRef? ContactSheet = null);
