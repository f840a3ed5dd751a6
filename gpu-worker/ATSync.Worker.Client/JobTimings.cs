namespace ATSync.Worker.Client;

/// <summary>When a job was accepted, last started (an attempt), and finished.</summary>
public sealed record JobTimings(DateTimeOffset SubmittedAt, DateTimeOffset? StartedAt = null, DateTimeOffset? FinishedAt = null);
