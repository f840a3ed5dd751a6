using ATSync.Pipeline.Activities;
using ATSync.Pipeline.Payloads;
using ATSync.Worker.Client;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Orchestrators;

/// <summary>
/// Runs one GPU worker job to its end, inside the calling orchestration. Submits it (job id fixed by the caller:
/// idempotent), then loops: wait for the worker's callback (external event to this instance) raced against a durable
/// timer of one poll interval; either way ask the worker for the job's status (the callback is only a hint, so a
/// forged or lost callback changes nothing). A job the worker no longer knows (it lost its record) is submitted again;
/// an unreachable worker is asked again later. At the time limit the job is cancelled and the orchestration fails.
/// Inline rather than a sub-orchestration: the local host's sidecar cannot persist sub-orchestration events in the
/// Azure Storage backend (docs/functions.md).
/// </summary>
public static class WorkerJobWait
{
    public static async Task<WorkerJobOutcome> RunAsync(TaskOrchestrationContext context, WorkerJobInput job)
    {
        var deadline = context.CurrentUtcDateTime + job.Wait.Timeout;
        var callbackInstance = string.IsNullOrWhiteSpace(job.Wait.CallbackBaseUrl) ? null : context.InstanceId;
        await context.CallActivityAsync<JobStatus>(SubmitWorkerJobActivity.Name, new SubmitJobInput(job, callbackInstance), PipelineRetry.Transient);
        var submissions = 1;
        // Visible in the status query while it waits (which job, how often it has asked).
        context.SetCustomStatus(WorkerJobProgress.AsCustomStatus(new WorkerJobProgress(job.JobId, Waiting: true, Polls: 0)));
        // Bounded by the deadline alone (orchestration time, so a replay takes the same path): a count of rounds would
        // let a few hundred callback POSTs (each ends a round early) use up the wait of a healthy job and fail it.
        for (var polls = 1; ; polls++)
        {
            var wakeAt = Min(context.CurrentUtcDateTime + job.Wait.PollInterval, deadline);
            using var stopWaiting = new CancellationTokenSource();
            var timer = context.CreateTimer(wakeAt, stopWaiting.Token);
            var callback = context.WaitForExternalEvent<JobStatus>(PipelineEvents.WorkerJobEnded, stopWaiting.Token);
            var first = await Task.WhenAny(timer, callback);
            stopWaiting.Cancel();
            var learntBy = first == callback ? "callback" : "poll";

            var poll = await context.CallActivityAsync<JobPoll>(GetWorkerJobActivity.Name, job.JobId, PipelineRetry.Transient);
            context.SetCustomStatus(WorkerJobProgress.AsCustomStatus(new WorkerJobProgress(job.JobId, Waiting: true, polls, poll.Status?.State.ToString(), poll.Unreachable,
                poll.Status?.Stage, poll.Status?.Progress, poll.Status?.Training)));
            if (poll.Status is { } status && status.State.IsFinal())
            {
                context.SetCustomStatus(WorkerJobProgress.AsCustomStatus(new WorkerJobProgress(job.JobId, Waiting: false, polls, status.State.ToString(),
                    Stage: status.Stage, Progress: status.Progress, Training: status.Training)));
                return new WorkerJobOutcome(status, learntBy, polls, submissions);
            }
            if (context.CurrentUtcDateTime >= deadline) break;
            if (poll is { Status: null, Unreachable: false })
            {
                // The worker answered but has no record of the job (it lost its state): hand it the same job again.
                await context.CallActivityAsync<JobStatus>(SubmitWorkerJobActivity.Name, new SubmitJobInput(job, callbackInstance), PipelineRetry.Transient);
                submissions++;
            }
        }
        await context.CallActivityAsync<bool>(CancelWorkerJobActivity.Name, job.JobId, PipelineRetry.Transient);
        throw new TimeoutException($"GPU worker job {job.JobId} did not finish within {job.Wait.Timeout}; it was cancelled");
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
