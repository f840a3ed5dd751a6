using ATSync.Pipeline.Payloads;
using ATSync.Worker.Client;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Activities;

/// <summary>Asks the worker for a job's status. An unreachable or restarting worker is an answer, not a failure: the
/// orchestration keeps waiting and asks again at the next poll.</summary>
[DurableTask(Name)]
public sealed class GetWorkerJobActivity(GpuWorkerClient worker) : TaskActivity<string, JobPoll>
{
    public const string Name = "GetWorkerJob";

    public override async Task<JobPoll> RunAsync(TaskActivityContext context, string jobId)
    {
        try
        {
            return new JobPoll(await worker.GetAsync(jobId), false, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException || e is WorkerApiException { IsTransient: true })
        {
            return new JobPoll(null, true, e.Message);
        }
    }
}
