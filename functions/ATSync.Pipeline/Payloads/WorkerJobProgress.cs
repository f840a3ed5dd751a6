using ATSync.Worker.Client;

namespace ATSync.Pipeline.Payloads;

/// <summary>
/// The custom status of an orchestration while it waits for a GPU worker job (<c>WorkerJobWait</c>): which job, how
/// often it asked, and what the worker last said: its state, stage and overall progress (0..1), and for a training the
/// epoch, held-out score and expected end. <c>GET /api/persons/{id}</c> shows it for running jobs.
/// </summary>
public sealed record WorkerJobProgress(string WorkerJob, bool Waiting, int Polls, string? State = null, bool Unreachable = false,
    string? Stage = null, double? Progress = null, TrainingState? Training = null);
