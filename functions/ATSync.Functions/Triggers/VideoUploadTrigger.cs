using ATSync.Pipeline;
using ATSync.Pipeline.Starting;
using ATSync.Pipeline.Storage;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace ATSync.Functions.Triggers;

/// <summary>
/// A video landing in <c>videos/</c> starts the person's pipeline (PersonPipeline: dataset, then training). In Azure the
/// trigger takes Event Grid notifications (fast, no container scans); built with <c>-p:AtsyncBlobPolling=true</c> it
/// polls the container, which is what Azurite supports. Duplicate notifications map to the same instance id.
/// </summary>
public sealed class VideoUploadTrigger(PipelineStarter starter, ILogger<VideoUploadTrigger> logger)
{
    public const string FunctionName = "OnVideoUploaded";

    [Function(FunctionName)]
    public async Task RunAsync(
#if ATSYNC_BLOB_POLLING
        [BlobTrigger(Containers.Videos + "/{name}", Connection = PipelineServices.StorageConnectionName)] BlobClient blob,
#else
        [BlobTrigger(Containers.Videos + "/{name}", Connection = PipelineServices.StorageConnectionName, Source = BlobTriggerSource.EventGrid)] BlobClient blob,
#endif
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        try
        {
            var upload = await PipelineStarter.DescribeUploadAsync(blob, cancellationToken);
            var (instanceId, started) = await starter.StartForUploadAsync(client, upload, cancellationToken);
            logger.LogInformation("videos/{Name}: {Outcome} {Instance}", name, started ? "started" : "already running or done", instanceId);
        }
        catch (PipelineInputException e)
        {
            // Nothing to start for a name that names no valid person; leave the blob for its owner to rename.
            logger.LogWarning("videos/{Name} ignored: {Reason}", name, e.Message);
        }
    }
}
