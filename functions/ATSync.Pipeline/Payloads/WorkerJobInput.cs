using ATSync.Worker.Client;

namespace ATSync.Pipeline.Payloads;

/// <summary>Run one GPU worker job to its end: submit (idempotent on the job id), then wait for the callback, a poll or
/// the time limit.</summary>
public sealed record WorkerJobInput(JobKind Kind, string JobId, IReadOnlyDictionary<string, Storage.BlobRef> Inputs,
    IReadOnlyDictionary<string, Storage.BlobRef> Outputs, IReadOnlyDictionary<string, string> Parameters, WaitSettings Wait);
