using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace ATSync.Worker.Service;

/// <summary>Makes the one BlobServiceClient of the worker from <see cref="WorkerStorageOptions"/>.</summary>
public static class BlobServiceFactory
{
    public static BlobServiceClient Create(WorkerStorageOptions storage)
    {
        // The SDK's own retries (exponential, per request) cover transient storage errors for every blob call.
        var options = new BlobClientOptions
        {
            Retry = { Mode = RetryMode.Exponential, MaxRetries = 5, Delay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(20) },
        };
        if (!string.IsNullOrWhiteSpace(storage.ConnectionString))
            return new BlobServiceClient(storage.ConnectionString, options);
        if (storage.BlobServiceUri is { } uri)
            return new BlobServiceClient(uri, new DefaultAzureCredential(), options);
        throw new InvalidOperationException(
            "no storage configured: set Worker__Storage__ConnectionString (Azurite or a connection string) or " +
            "Worker__Storage__BlobServiceUri (managed identity)");
    }
}
