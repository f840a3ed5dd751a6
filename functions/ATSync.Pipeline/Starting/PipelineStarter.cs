using ATSync.Pipeline.Orchestrators;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using ATSync.Worker.Client;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ATSync.Pipeline.Starting;

/// <summary>
/// Starts orchestrations for the triggers of both hosts (the Functions app and the local host), with settings fixed at
/// start so the orchestrations stay deterministic. Starting for an upload is idempotent: the instance id comes from
/// the blob's name and content, and an existing instance of that id is not started again, unless it ended Failed or
/// Terminated: uploading the same bytes again is how a user retries (a transient failure, a fixed worker).
/// </summary>
public sealed class PipelineStarter(IOptions<PipelineOptions> options, ILogger<PipelineStarter> logger)
{
    private PipelineOptions Options => options.Value;

    public PrepareSettings PrepareSettings => new(Math.Max(1, Options.Segments), Options.Asr);

    public WaitSettings WaitSettings => new(Options.CallbackBaseUrl, Options.PollInterval, Options.JobTimeout);

    public static async Task<VideoUpload> DescribeUploadAsync(BlobClient blob, CancellationToken cancellationToken = default)
    {
        var person = PersonIds.FromVideoBlobName(blob.Name);
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        // A block-list upload has no Content-MD5; its ETag changes on every upload, so the id would not recognise
        // identical bytes: hash the content itself (streamed, pinned to the ETag just read).
        var md5 = properties.ContentHash is { Length: > 0 } hash
            ? Convert.ToBase64String(hash)
            : await ContentMd5Async(blob, properties.ETag, cancellationToken);
        return new VideoUpload(person, new BlobRef(blob.BlobContainerName, blob.Name), properties.ETag.ToString(), md5);
    }

    private static async Task<string> ContentMd5Async(BlobClient blob, Azure.ETag etag, CancellationToken cancellationToken)
    {
        var options = new Azure.Storage.Blobs.Models.BlobOpenReadOptions(allowModifications: false)
        {
            Conditions = new Azure.Storage.Blobs.Models.BlobRequestConditions { IfMatch = etag },
        };
        await using var content = await blob.OpenReadAsync(options, cancellationToken);
        using var md5 = System.Security.Cryptography.MD5.Create();
        return Convert.ToBase64String(await md5.ComputeHashAsync(content, cancellationToken));
    }

    /// <returns>The instance id, and whether this call started it (false: it existed already).</returns>
    public async Task<(string InstanceId, bool Started)> StartForUploadAsync(DurableTaskClient client, VideoUpload upload,
        CancellationToken cancellationToken = default)
    {
        var instanceId = PipelineIds.ForVideo(upload);
        var input = new PersonPipelineInput(upload, PrepareSettings, new TrainSettings(Options.TrainParameters, WaitSettings));
        return (instanceId, await StartOnceAsync(client, PersonPipelineOrchestrator.Name, instanceId, input, cancellationToken, retryFailed: true));
    }

    /// <param name="dataset">The dataset folder to train on (the person's current one, resolved by the caller).</param>
    public async Task<string> StartTrainingAsync(DurableTaskClient client, string personId, BlobRef dataset, IReadOnlyDictionary<string, string>? parameters,
        string? requestId, CancellationToken cancellationToken = default)
    {
        PersonIds.Validate(personId);
        var merged = new Dictionary<string, string>(Options.TrainParameters);
        foreach (var (key, value) in parameters ?? new Dictionary<string, string>()) merged[key] = value;
        var instanceId = PipelineIds.ForTraining(personId, requestId ?? Guid.NewGuid().ToString("N"));
        await StartOnceAsync(client, TrainPersonOrchestrator.Name, instanceId,
            new TrainPersonInput(personId, new TrainSettings(merged, WaitSettings), Dataset: dataset), cancellationToken);
        return instanceId;
    }

    public async Task<(string InstanceId, string JobId)> StartLipsyncAsync(DurableTaskClient client, string personId, string jobId,
        BlobRef audio, IReadOnlyDictionary<string, string>? parameters, CancellationToken cancellationToken = default)
    {
        PersonIds.Validate(personId);
        var instanceId = PipelineIds.ForLipsync(personId, jobId);
        await StartOnceAsync(client, LipsyncOrchestrator.Name, instanceId,
            new LipsyncInput(personId, jobId, audio, WaitSettings, parameters), cancellationToken);
        return (instanceId, jobId);
    }

    /// <summary>The worker's callback: raised as an external event on the waiting WorkerJob instance. False when no
    /// such instance is running (a stale or forged callback; the orchestration polls anyway).</summary>
    public async Task<bool> DeliverCallbackAsync(DurableTaskClient client, string instanceId, JobStatus status,
        CancellationToken cancellationToken = default)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken);
        if (instance is null || instance.IsCompleted) return false;
        await client.RaiseEventAsync(instanceId, PipelineEvents.WorkerJobEnded, status, cancellationToken);
        return true;
    }

    /// <param name="retryFailed">An instance that ended Failed or Terminated is purged and started afresh.</param>
    private async Task<bool> StartOnceAsync(DurableTaskClient client, string orchestrator, string instanceId, object input,
        CancellationToken cancellationToken, bool retryFailed = false)
    {
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is { } existing)
        {
            if (!retryFailed || existing.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
            {
                logger.LogInformation("{Instance} exists already ({Status}); not starting it again", instanceId, existing.RuntimeStatus);
                return false;
            }
            logger.LogWarning("{Instance} ended {Status} ({Failure}); the same video came again: starting a new attempt",
                instanceId, existing.RuntimeStatus, existing.FailureDetails?.ErrorMessage);
            await client.PurgeInstanceAsync(instanceId, cancellationToken);
        }
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input,
                new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);
            logger.LogInformation("Started {Orchestrator} {Instance}", orchestrator, instanceId);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException || e.GetType().Name.Contains("RpcException"))
        {
            // Two triggers raced past the check above: the other one started it.
            if (await client.GetInstanceAsync(instanceId, cancellationToken) is not null) return false;
            throw;
        }
    }
}
