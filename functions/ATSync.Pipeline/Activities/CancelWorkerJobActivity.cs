using ATSync.Worker.Client;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Activities;

/// <summary>Cancels a job the orchestration gave up waiting for (best effort: true when the worker knew it).</summary>
[DurableTask(Name)]
public sealed class CancelWorkerJobActivity(GpuWorkerClient worker) : TaskActivity<string, bool>
{
    public const string Name = "CancelWorkerJob";

    public override async Task<bool> RunAsync(TaskActivityContext context, string jobId) =>
        await worker.CancelAsync(jobId) is not null;
}
