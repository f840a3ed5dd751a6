using ATSync.Worker.Client;

namespace ATSync.Pipeline.Payloads;

/// <summary>One poll of the worker: its status of the job, null when the worker does not know it (lost or never
/// submitted), or <paramref name="Unreachable"/> when the worker could not be asked (restarting, network).</summary>
public sealed record JobPoll(JobStatus? Status, bool Unreachable, string? Error);
