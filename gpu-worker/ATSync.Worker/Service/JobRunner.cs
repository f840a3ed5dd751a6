using ATSync.Worker.Client;
using Microsoft.Extensions.Options;

namespace ATSync.Worker.Service;

/// <summary>
/// Runs queued jobs, <see cref="WorkerOptions.Concurrency"/> at a time. A job is claimed by a conditional write of its
/// record (queued -> running, attempt + 1, owner and lease), so no two workers run it at once. While it runs, a
/// heartbeat writes its progress, renews the lease and notices a cancel requested through another worker. On start,
/// and every scan interval, the records are searched for queued jobs and for running ones whose runner is gone (this
/// worker before a restart, or another worker whose lease lapsed): those are queued again.
/// </summary>
public sealed class JobRunner(
    BlobJobStore store,
    JobQueue queue,
    RunningJobs running,
    JobSpecValidator validator,
    IEnumerable<IJobExecutor> executors,
    CallbackNotifier callbacks,
    TimeProvider clock,
    IOptions<WorkerOptions> options,
    ILogger<JobRunner> logger) : BackgroundService
{
    private readonly WorkerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        var workers = Enumerable.Range(0, Math.Max(1, _options.Concurrency)).Select(_ => WorkAsync(stoppingToken)).ToList();
        workers.Add(ScanAsync(stoppingToken));
        await Task.WhenAll(workers);
    }

    private async Task ScanAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ScanInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await RecoverAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Queues every job waiting in storage, taking back running jobs whose runner is gone.</summary>
    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var id in await store.ListIdsAsync(s => !s.IsFinal(), stoppingToken))
            {
                var now = clock.GetUtcNow();
                var update = await store.UpdateAsync(id, r =>
                {
                    var orphaned = r.State == JobState.Running && !running.Contains(r.Id)
                                   && (r.Owner == _options.InstanceId || r.LeaseExpiresAt < now);
                    // A cancel that reached the record but no runner (it had died) is carried out here.
                    if (r.CancelRequested && (orphaned || r.State == JobState.Queued))
                        return r.Finish(JobState.Cancelled, now, error: "cancelled on request");
                    return orphaned ? r with { State = JobState.Queued, Stage = "requeued", Owner = null, LeaseExpiresAt = null } : null;
                }, stoppingToken);
                if (update is not { } u) continue;
                if (u.Changed && u.Record.State == JobState.Cancelled) callbacks.Notify(id);
                else if (u.Changed) logger.LogWarning("job {Id}: attempt {Attempt} did not finish (worker stopped or lost); queued again", id, u.Record.Attempt);
                if (u.Record.State == JobState.Queued) queue.Enqueue(id);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "scanning the job records failed; retrying at the next scan");
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            string id;
            try
            {
                id = await queue.DequeueAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await RunAsync(id, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage trouble around the job itself: leave it to the next scan (its lease runs out).
                logger.LogError(e, "job {Id}: could not be run", id);
            }
        }
    }

    private async Task RunAsync(string id, CancellationToken stoppingToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // Registered before the claim, so a scan never mistakes the job for one whose runner is gone. A second runner
        // of an id already running here (queued again by a scan) stands aside: the claim would refuse it anyway, but
        // its entry would have replaced the first's, and its removal would have hidden the first from scans and DELETE.
        if (!running.TryAdd(id, cancel))
        {
            logger.LogDebug("job {Id}: already running here; skipped", id);
            return;
        }
        try
        {
            await ClaimAndRunAsync(id, cancel, stoppingToken);
        }
        finally
        {
            running.Remove(id, cancel);
        }
    }

    private async Task ClaimAndRunAsync(string id, CancellationTokenSource cancel, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        var claim = await store.UpdateAsync(id, r => r.State == JobState.Queued && !r.CancelRequested
            ? r with
            {
                State = JobState.Running, Attempt = r.Attempt + 1, Owner = _options.InstanceId, LeaseExpiresAt = now + _options.LeaseDuration,
                Stage = "starting", Timings = r.Timings with { StartedAt = now },
            }
            : null, stoppingToken);
        if (claim is not { Changed: true, Record: var record }) return; // taken by another worker, cancelled or gone

        if (record.Attempt > _options.MaxAttempts)
        {
            await FinishAsync(record, r => r.Finish(JobState.Failed, clock.GetUtcNow(),
                error: $"gave up after {_options.MaxAttempts} attempts: the worker stopped during each"), stoppingToken);
            return;
        }
        logger.LogInformation("job {Id}: {Kind} attempt {Attempt} started", id, record.Spec.Kind, record.Attempt);

        var progress = new JobProgressReporter(clock);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(id, progress, cancel, heartbeatStop.Token);
        JobRecord? final = null;
        try
        {
            var job = validator.Validate(record.Spec, out var errors)
                      ?? throw new InvalidOperationException("the stored spec is no longer valid: " +
                                                             string.Join("; ", errors.SelectMany(e => e.Value)));
            var executor = executors.Single(e => e.Kind == record.Spec.Kind);
            var work = Path.Combine(_options.JobsDirectory, JobWorkFolder.NameFor(id));
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            Directory.CreateDirectory(work);
            try
            {
                var context = new JobContext(job, record.Attempt, work, progress,
                    change => store.UpdateAsync(id, r => r.Owner == _options.InstanceId ? change(r) : null, CancellationToken.None));
                var results = await executor.RunAsync(context, cancel.Token);
                final = record.Finish(JobState.Succeeded, clock.GetUtcNow(), results);
            }
            finally
            {
                TryDelete(work);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The worker is stopping: the job goes back to the queue for the next start (training resumes).
            logger.LogWarning("job {Id}: interrupted by shutdown; queued again", id);
            await store.UpdateAsync(id, r => r.Owner == _options.InstanceId && r.State == JobState.Running
                ? r with { State = JobState.Queued, Stage = "requeued", Owner = null, LeaseExpiresAt = null } : null, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            final = record.Finish(JobState.Cancelled, clock.GetUtcNow(), error: "cancelled on request");
        }
        catch (Exception e)
        {
            var message = FailureMessage(e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e);
            logger.LogError(e, "job {Id}: failed: {Message}", id, message);
            final = record.Finish(JobState.Failed, clock.GetUtcNow(), error: message);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }
        if (final is not null)
        {
            await FinishAsync(record, r => final with
            {
                // Keep what others wrote meanwhile (the cancel flag, the resume note); the training figures as they
                // ended (the last heartbeat may predate the last epoch's validation).
                CancelRequested = r.CancelRequested, ResumedFromEpoch = r.ResumedFromEpoch,
                Training = progress.Latest.Training ?? r.Training,
            }, CancellationToken.None);
            logger.LogInformation("job {Id}: {State}{Error}", id, final.State, final.Error is null ? "" : $": {final.Error}");
        }
    }

    private async Task FinishAsync(JobRecord claimed, Func<JobRecord, JobRecord> finish, CancellationToken cancellationToken)
    {
        var done = await store.UpdateAsync(claimed.Id, r => r.Owner == _options.InstanceId && r.State == JobState.Running && r.Attempt == claimed.Attempt
            ? finish(r) : null, cancellationToken);
        if (done is { Changed: true, Record: var record }) callbacks.Notify(record.Id);
    }

    /// <summary>Writes progress and renews the lease; stops the job when its record asks for it (DELETE through any
    /// worker) or shows another owner (this worker's claim lapsed and someone else took the job).</summary>
    private async Task HeartbeatAsync(string id, JobProgressReporter progress, CancellationTokenSource cancel, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, clock);
        (string, int) logged = ("", -1);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    var (stage, fraction, training) = progress.Latest;
                    if ((stage, (int)(fraction * 10)) != logged)
                    {
                        logged = (stage, (int)(fraction * 10));
                        logger.LogInformation("job {Id}: {Stage}, {Percent:F0}% overall", id, stage, fraction * 100);
                    }
                    var now = clock.GetUtcNow();
                    var update = await store.UpdateAsync(id, r => r.Owner == _options.InstanceId && r.State == JobState.Running
                        ? r with { Stage = stage, Progress = fraction, Training = training, LeaseExpiresAt = now + _options.LeaseDuration }
                        : null, stop);
                    if (!cancel.IsCancellationRequested &&
                        (update is not { } u || u.Record.CancelRequested || u.Record.Owner != _options.InstanceId || u.Record.State != JobState.Running))
                    {
                        logger.LogInformation("job {Id}: stopping (cancel requested or claim lost)", id);
                        await cancel.CancelAsync();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "job {Id}: heartbeat failed; trying again", id);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One line a caller can act on (the storage SDK's messages carry whole responses).</summary>
    private static string FailureMessage(Exception e) => e switch
    {
        Azure.RequestFailedException storage => $"blob storage refused a request: {storage.Status} {storage.ErrorCode ?? "no error code"}",
        _ => e.Message.ReplaceLineEndings(" "),
    };

    private void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException e)
        {
            logger.LogWarning("could not remove {Directory}: {Message}", directory, e.Message);
        }
    }
}
