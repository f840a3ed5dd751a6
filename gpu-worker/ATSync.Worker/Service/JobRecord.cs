using ATSync.Worker.Client;

namespace ATSync.Worker.Service;

/// <summary>
/// A job as stored in <c>worker-jobs/{id}.json</c>: the spec, where it stands, who runs it (and until when its claim
/// holds without a heartbeat), and whether its callback was delivered. Every change is a conditional write on the
/// blob's ETag, so two workers (or a worker and a DELETE) never both take the same step.
/// </summary>
public sealed record JobRecord(
    JobSpec Spec,
    JobState State,
    JobTimings Timings,
    int Attempt = 0,
    string? Stage = null,
    double Progress = 0,
    IReadOnlyDictionary<string, string>? Results = null,
    string? Error = null,
    string? Owner = null,
    DateTimeOffset? LeaseExpiresAt = null,
    bool CancelRequested = false,
    int? ResumedFromEpoch = null,
    bool CallbackDelivered = false,
    int CallbackAttempts = 0,
    string? CallbackError = null,
    TrainingState? Training = null)
{
    public string Id => Spec.Id;

    public JobStatus ToStatus() => new(Spec.Id, Spec.Kind, State, Stage, Progress, Attempt, Timings, Results, Error, Training);

    public bool NeedsCallback => State.IsFinal() && Spec.CallbackUrl is not null && !CallbackDelivered && CallbackError is null;

    public JobRecord Finish(JobState state, DateTimeOffset now, IReadOnlyDictionary<string, string>? results = null, string? error = null) =>
        this with
        {
            State = state,
            Stage = state.ToString().ToLowerInvariant(),
            Progress = state == JobState.Succeeded ? 1 : Progress,
            Results = results,
            Error = error,
            LeaseExpiresAt = null,
            Timings = Timings with { FinishedAt = now },
        };
}
