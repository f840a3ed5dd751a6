namespace ATSync.Worker.Client;

/// <summary>
/// A job as the worker reports it (<c>GET /v1/jobs/{id}</c>, and the body POSTed to the job's callback URL when it
/// ends). <see cref="Results"/> holds the output blob URIs once the job has succeeded; <see cref="Error"/> says why it
/// failed. <see cref="Training"/> says where a running train job stands (epochs, held-out score, expected end).
/// </summary>
public sealed record JobStatus(
    string Id,
    JobKind Kind,
    JobState State,
    string? Stage,
    double Progress,
    int Attempt,
    JobTimings Timings,
    IReadOnlyDictionary<string, string>? Results = null,
    string? Error = null,
    TrainingState? Training = null);
