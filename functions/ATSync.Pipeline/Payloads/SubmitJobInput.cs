namespace ATSync.Pipeline.Payloads;

/// <summary>The job plus the orchestration instance the worker's callback must reach (null: no callback).</summary>
public sealed record SubmitJobInput(WorkerJobInput Job, string? CallbackInstanceId);
