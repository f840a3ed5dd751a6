using ATSync.Pipeline;
using ATSync.Pipeline.Orchestrators;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Starting;
using ATSync.Pipeline.Storage;
using ATSync.Tests.Support;
using ATSync.Worker.Client;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace ATSync.Tests.Functions;

/// <summary>
/// WorkerJob, the wait every GPU step uses, through the real Durable Task worker (InProcessTestHost) against a
/// scripted worker: callback vs timer vs poll, a forged callback, a worker that lost the job, transient 503s on
/// submission, and the time limit.
/// </summary>
[Collection(FunctionsAzuriteCollection.Name)]
public sealed class WorkerJobOrchestrationTests(AzuriteFixture azurite) : PipelineOrchestrationTest(azurite)
{
    private static WorkerJobInput Job(string id, TimeSpan poll, TimeSpan timeout, string? callbackBase = "http://127.0.0.1:9/") =>
        new(JobKind.Train, id, new Dictionary<string, BlobRef> { [JobRoles.Dataset] = DatasetBlobs.LegacyFolder("wj") },
            new Dictionary<string, BlobRef> { [JobRoles.Model] = ModelBlobs.Folder("wj", id) },
            new Dictionary<string, string> { ["epochs"] = "1" }, new WaitSettings(callbackBase, poll, timeout));

    private async Task<string> StartAsync(WorkerJobInput job)
    {
        var instanceId = $"wj:test:{job.JobId}";
        await Host.Client.ScheduleNewOrchestrationInstanceAsync(WorkerJobOrchestrator.Name, job, new StartOrchestrationOptions { InstanceId = instanceId });
        return instanceId;
    }

    [Fact]
    public async Task A_callback_ends_the_wait_long_before_the_poll_timer_and_is_confirmed_with_the_worker()
    {
        var job = Job("train-wj-callback", poll: TimeSpan.FromHours(1), timeout: TimeSpan.FromHours(2));
        var instanceId = await StartAsync(job);
        await PipelineTestHost.UntilAsync(() => !Worker.Submissions.IsEmpty, TimeSpan.FromSeconds(20), "the submission");
        var submitted = Assert.Single(Worker.Submissions);
        Assert.Equal(CallbackUrls.For("http://127.0.0.1:9/", instanceId), submitted.CallbackUrl);
        Assert.StartsWith(Azurite.Azurite.BlobServiceUri + "datasets/wj/", submitted.Inputs[JobRoles.Dataset]);

        Worker.SetState(job.JobId, JobState.Succeeded);
        await Host.Client.RaiseEventAsync(instanceId, PipelineEvents.WorkerJobEnded, FakeGpuWorker.Status(job.JobId, JobState.Succeeded));
        var done = await PipelineTestHost.WaitAsync(Host.Client, instanceId, TimeSpan.FromSeconds(20));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var outcome = done.ReadOutputAs<WorkerJobOutcome>()!;
        Assert.Equal(("callback", 1, 1, JobState.Succeeded), (outcome.LearntBy, outcome.Polls, outcome.Submissions, outcome.Status.State));
    }

    [Fact]
    public async Task A_forged_callback_does_not_end_the_wait_while_the_worker_says_running()
    {
        var job = Job("train-wj-forged", poll: TimeSpan.FromSeconds(1), timeout: TimeSpan.FromMinutes(5));
        var instanceId = await StartAsync(job);
        await PipelineTestHost.UntilAsync(() => !Worker.Submissions.IsEmpty, TimeSpan.FromSeconds(20), "the submission");
        await Host.Client.RaiseEventAsync(instanceId, PipelineEvents.WorkerJobEnded, FakeGpuWorker.Status(job.JobId, JobState.Succeeded));
        await PipelineTestHost.UntilAsync(() => Worker.Polls >= 2, TimeSpan.FromSeconds(20), "two polls");
        Assert.False((await Host.Client.GetInstanceAsync(instanceId))!.IsCompleted);

        Worker.SetState(job.JobId, JobState.Succeeded);
        var done = await PipelineTestHost.WaitAsync(Host.Client, instanceId, TimeSpan.FromSeconds(20));

        Assert.Equal("poll", done.ReadOutputAs<WorkerJobOutcome>()!.LearntBy);
    }

    [Fact]
    public async Task Many_callbacks_do_not_use_up_the_wait_before_its_deadline()
    {
        // poll 1 h, limit 2 h: the old round count allowed 4 wake-ups; a burst of callbacks took them all in seconds
        // and failed a job the worker still had running.
        var job = Job("train-wj-burst", poll: TimeSpan.FromHours(1), timeout: TimeSpan.FromHours(2));
        var instanceId = await StartAsync(job);
        await PipelineTestHost.UntilAsync(() => !Worker.Submissions.IsEmpty, TimeSpan.FromSeconds(20), "the submission");
        for (var i = 0; i < 8; i++)
            await Host.Client.RaiseEventAsync(instanceId, PipelineEvents.WorkerJobEnded, FakeGpuWorker.Status(job.JobId, JobState.Succeeded));
        await PipelineTestHost.UntilAsync(() => Worker.Polls >= 8, TimeSpan.FromSeconds(30), "eight polls");
        Assert.False((await Host.Client.GetInstanceAsync(instanceId))!.IsCompleted);

        Worker.SetState(job.JobId, JobState.Succeeded);
        await Host.Client.RaiseEventAsync(instanceId, PipelineEvents.WorkerJobEnded, FakeGpuWorker.Status(job.JobId, JobState.Succeeded));
        var done = await PipelineTestHost.WaitAsync(Host.Client, instanceId, TimeSpan.FromSeconds(20));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var outcome = done.ReadOutputAs<WorkerJobOutcome>()!;
        Assert.Equal(("callback", 9, JobState.Succeeded), (outcome.LearntBy, outcome.Polls, outcome.Status.State));
        Assert.Empty(Worker.Cancellations);
    }

    [Fact]
    public async Task Without_callbacks_the_timer_polls_until_the_job_ends_and_a_lost_job_is_submitted_again()
    {
        Worker.ForgetJobPolls = 1;
        var job = Job("train-wj-poll", poll: TimeSpan.FromMilliseconds(500), timeout: TimeSpan.FromMinutes(5), callbackBase: null);
        var instanceId = await StartAsync(job);
        await PipelineTestHost.UntilAsync(() => Worker.Submissions.Count >= 2, TimeSpan.FromSeconds(20), "the resubmission");
        Worker.SetState(job.JobId, JobState.Succeeded);
        var done = await PipelineTestHost.WaitAsync(Host.Client, instanceId, TimeSpan.FromSeconds(20));

        var outcome = done.ReadOutputAs<WorkerJobOutcome>()!;
        Assert.Equal("poll", outcome.LearntBy);
        Assert.Equal(2, outcome.Submissions);
        Assert.All(Worker.Submissions, s => Assert.Equal((job.JobId, (string?)null), (s.Id, s.CallbackUrl)));
    }

    [Fact]
    public async Task While_it_waits_the_persons_status_shows_the_trainings_epoch_score_and_expected_end()
    {
        var end = DateTimeOffset.UtcNow.AddMinutes(7);
        Worker.Training = new TrainingState(3, 10, 24.5, 0.71, end);
        var job = Job("train-wj-progress", poll: TimeSpan.FromMilliseconds(300), timeout: TimeSpan.FromMinutes(5), callbackBase: null);
        var instanceId = await StartAsync(job);
        var reader = new PersonSummaryReader(new PipelineStorage(Blobs, Scratch.Path));

        PersonSummary.JobInfo? running = null;
        await PipelineTestHost.UntilAsync(() =>
        {
            running = reader.ReadAsync(Host.Client, "wj").Result.Jobs.SingleOrDefault(j => j.InstanceId == instanceId);
            return running?.Progress?.Training is not null;
        }, TimeSpan.FromSeconds(20), "the training's progress in the person's status");
        var progress = running!.Progress!;
        Assert.Equal((job.JobId, true, "Running", "train", 0.5), (progress.WorkerJob, progress.Waiting, progress.State, progress.Stage, progress.Progress));
        Assert.Equal(new TrainingState(3, 10, 24.5, 0.71, end), progress.Training);

        // Ended: the person's job list shows the outcome, no longer a progress.
        Worker.SetState(job.JobId, JobState.Succeeded);
        await PipelineTestHost.WaitAsync(Host.Client, instanceId, TimeSpan.FromSeconds(20));
        Assert.Null((await reader.ReadAsync(Host.Client, "wj")).Jobs.Single(j => j.InstanceId == instanceId).Progress);
    }

    [Fact]
    public async Task Transient_503s_on_submission_are_retried_with_backoff()
    {
        Worker.FailSubmissions = 2;
        var job = Job("train-wj-retry", poll: TimeSpan.FromMilliseconds(300), timeout: TimeSpan.FromMinutes(5));
        var instanceId = await StartAsync(job);
        await PipelineTestHost.UntilAsync(() => !Worker.Submissions.IsEmpty, TimeSpan.FromSeconds(30), "the accepted submission");
        Worker.SetState(job.JobId, JobState.Failed);
        var done = await PipelineTestHost.WaitAsync(Host.Client, instanceId, TimeSpan.FromSeconds(20));

        Assert.True(Worker.FailSubmissions < 0, "both 503s were consumed before the job was accepted");
        var outcome = done.ReadOutputAs<WorkerJobOutcome>()!;
        Assert.Equal(JobState.Failed, outcome.Status.State);
        Assert.Equal("scripted failure", outcome.Status.Error);
    }

    [Fact]
    public async Task At_the_time_limit_the_job_is_cancelled_and_the_orchestration_fails_saying_so()
    {
        var job = Job("train-wj-timeout", poll: TimeSpan.FromMilliseconds(400), timeout: TimeSpan.FromSeconds(2));
        var instanceId = await StartAsync(job);
        var done = await PipelineTestHost.WaitAsync(Host.Client, instanceId, TimeSpan.FromSeconds(30));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("did not finish within", done.FailureDetails!.ErrorMessage);
        Assert.Equal(job.JobId, Assert.Single(Worker.Cancellations));
    }
}
