using ATSync.Pipeline.Activities;
using ATSync.Pipeline.Payloads;
using ATSync.Worker.Client;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Orchestrators;

/// <summary>
/// Runs one GPU worker job to its end. Submits it (job id fixed by the caller: idempotent), then loops: wait for the
/// worker's callback (external event) raced against a durable timer of one poll interval; either way ask the worker
/// for the job's status (the callback is only a hint, so a forged or lost callback changes nothing). A job the worker
/// no longer knows (it lost its record) is submitted again; an unreachable worker is asked again later. At the time
/// limit the job is cancelled and the orchestration fails. Every <see cref="PollsPerGeneration"/> polls it continues as
/// new, keeping its history short during long trainings.
/// </summary>
[DurableTask(Name)]
public sealed class WorkerJobOrchestrator : TaskOrchestrator<WorkerJobInput, WorkerJobOutcome>
{
    public const string Name = "WorkerJob";
    public const int PollsPerGeneration = 50;

    public override async Task<WorkerJobOutcome> RunAsync(TaskOrchestrationContext context, WorkerJobInput job)
    {
        var callbackInstance = string.IsNullOrWhiteSpace(job.Wait.CallbackBaseUrl) ? null : context.InstanceId;
        if (job.Progress is null)
            await context.CallActivityAsync<JobStatus>(SubmitWorkerJobActivity.Name, new SubmitJobInput(job, callbackInstance), PipelineRetry.Transient);
        var deadline = job.Progress?.Deadline ?? context.CurrentUtcDateTime + job.Wait.Timeout;
        int submissions = job.Progress?.Submissions ?? 1, polls = job.Progress?.Polls ?? 0;

        for (int generationPolls = 0; generationPolls < PollsPerGeneration; generationPolls++)
        {
            var wakeAt = Min(context.CurrentUtcDateTime + job.Wait.PollInterval, deadline);
            using var stopWaiting = new CancellationTokenSource();
            var timer = context.CreateTimer(wakeAt, stopWaiting.Token);
            var callback = context.WaitForExternalEvent<JobStatus>(PipelineEvents.WorkerJobEnded, stopWaiting.Token);
            var first = await Task.WhenAny(timer, callback);
            stopWaiting.Cancel();
            var learntBy = first == callback ? "callback" : "poll";

            polls++;
            var poll = await context.CallActivityAsync<JobPoll>(GetWorkerJobActivity.Name, job.JobId, PipelineRetry.Transient);
            if (poll.Status is { } status && status.State.IsFinal())
                return new WorkerJobOutcome(status, learntBy, polls, submissions);

            if (context.CurrentUtcDateTime >= deadline)
            {
                await context.CallActivityAsync<bool>(CancelWorkerJobActivity.Name, job.JobId, PipelineRetry.Transient);
                throw new TimeoutException($"GPU worker job {job.JobId} did not finish within {job.Wait.Timeout}; it was cancelled");
            }
            if (poll is { Status: null, Unreachable: false })
            {
                // The worker answered but has no record of the job (it lost its state): hand it the same job again.
                await context.CallActivityAsync<JobStatus>(SubmitWorkerJobActivity.Name, new SubmitJobInput(job, callbackInstance), PipelineRetry.Transient);
                submissions++;
            }
        }
        // A callback that arrives between generations stays queued for the next one.
        context.ContinueAsNew(job with { Progress = new WorkerJobProgress(deadline, polls, submissions) }, preserveUnprocessedEvents: true);
        return null!;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
