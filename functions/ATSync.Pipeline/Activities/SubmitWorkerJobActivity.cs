using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using ATSync.Worker.Client;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Activities;

/// <summary>Submits a job to the GPU worker. The job id is fixed by the orchestration, so a retried or replayed
/// submission is the same job (the worker treats the same id as the same job).</summary>
[DurableTask(Name)]
public sealed class SubmitWorkerJobActivity(PipelineStorage storage, GpuWorkerClient worker) : TaskActivity<SubmitJobInput, JobStatus>
{
    public const string Name = "SubmitWorkerJob";

    public override async Task<JobStatus> RunAsync(TaskActivityContext context, SubmitJobInput input)
    {
        var job = input.Job;
        var callback = input.CallbackInstanceId is { } instance && !string.IsNullOrWhiteSpace(job.Wait.CallbackBaseUrl)
            ? CallbackUrls.For(job.Wait.CallbackBaseUrl, instance)
            : null;
        var spec = new JobSpec(job.JobId, job.Kind,
            job.Inputs.ToDictionary(p => p.Key, p => storage.UriOf(p.Value).ToString()),
            job.Outputs.ToDictionary(p => p.Key, p => storage.UriOf(p.Value).ToString()),
            job.Parameters, callback);
        try
        {
            return await worker.SubmitAsync(spec);
        }
        catch (WorkerApiException e) when (!e.IsTransient)
        {
            // A rejected job (bad input, unknown container) fails the same way every time: do not retry it.
            throw new PipelineInputException(e.Message);
        }
    }
}
