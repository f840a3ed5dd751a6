namespace ATSync.Pipeline.Payloads;

/// <summary>Where a long wait on a worker job stands when the orchestration continues as new.</summary>
public sealed record WorkerJobProgress(DateTime Deadline, int Polls, int Submissions);
