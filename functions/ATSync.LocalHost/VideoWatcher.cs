using ATSync.Pipeline;
using ATSync.Pipeline.Starting;
using ATSync.Pipeline.Storage;
using Azure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace ATSync.LocalHost;

/// <summary>
/// The local host's blob trigger: lists <c>videos</c> every <see cref="LocalHostOptions.WatchInterval"/> and starts the
/// pipeline for each new blob version. Starting is idempotent (instance id from name and content), so after a restart
/// the videos seen before map to their existing orchestrations instead of starting again.
/// </summary>
public sealed class VideoWatcher(PipelineStorage storage, PipelineStarter starter, DurableTaskClient client,
    IOptions<LocalHostOptions> options, ILogger<VideoWatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, ETag> _seen = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await storage.EnsureContainersAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.WatchInterval);
        do
        {
            try
            {
                await ScanOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Listing {Container} failed; trying again", Containers.Videos);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ScanOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var item in await storage.ListAsync(Containers.Videos, "", cancellationToken: cancellationToken))
        {
            if (item.Properties.ETag is not { } etag || (_seen.TryGetValue(item.Name, out var known) && known == etag)) continue;
            _seen[item.Name] = etag;
            try
            {
                var blob = storage.Container(Containers.Videos).GetBlobClient(item.Name);
                var upload = await PipelineStarter.DescribeUploadAsync(blob, cancellationToken);
                var (instanceId, started) = await starter.StartForUploadAsync(client, upload, cancellationToken);
                logger.LogInformation("videos/{Name}: {Outcome} {Instance}", item.Name, started ? "started" : "already known as", instanceId);
            }
            catch (PipelineInputException e)
            {
                logger.LogWarning("videos/{Name} ignored: {Reason}", item.Name, e.Message);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Deleted (or moved to rejected/) between the listing and the read.
            }
        }
    }
}
