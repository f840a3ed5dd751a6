using ATSync.Worker.Client;

namespace ATSync.Pipeline.Payloads;

/// <summary>A final job status, and how the orchestration learnt of it (callback, poll) and how many polls it took.</summary>
public sealed record WorkerJobOutcome(JobStatus Status, string LearntBy, int Polls, int Submissions);
