using DurableTask.AzureStorage;

namespace ATSync.LocalHost;

/// <summary>The Durable Task Framework's Azure Storage backend (queues, tables, blobs of <c>AzureWebJobsStorage</c>):
/// the same durable state the Functions host keeps, so orchestrations survive a restart of the local host.</summary>
public static class AzureStorageTaskHub
{
    public static async Task<AzureStorageOrchestrationService> CreateAsync(string connectionString, LocalHostOptions options,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            PartitionCount = 1,
            // Local runs want low latency more than few storage transactions.
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            // One local host owns the hub: no app lease, and a restarted host takes the partition over quickly.
            UseAppLease = false,
            LeaseAcquireInterval = TimeSpan.FromSeconds(2),
            ControlQueueVisibilityTimeout = options.QueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.QueueVisibilityTimeout,
            LoggerFactory = loggerFactory,
            CustomMessageTypeBinder = new ProtobufMapTypeBinder(),
        });
        await service.CreateIfNotExistsAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return service;
    }
}
