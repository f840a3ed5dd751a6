using ATSync.Pipeline.Storage;
using ATSync.Tests.Support;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Testing;

namespace ATSync.Tests.Functions;

/// <summary>
/// What the pipeline's orchestration tests share: the real Durable Task worker (in-memory backend) with the pipeline's
/// services over the collection's Azurite, its containers made, and a scratch folder; all torn down after each test.
/// </summary>
public abstract class PipelineOrchestrationTest(AzuriteFixture azurite) : IAsyncLifetime
{
    protected TempDirectory Scratch { get; } = new();
    protected DurableTaskTestHost Host { get; private set; } = null!;
    protected BlobServiceClient Blobs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await PipelineTestHost.StartAsync(azurite.Azurite.ConnectionString, "http://127.0.0.1:9", Scratch.Path);
        Blobs = new BlobServiceClient(azurite.Azurite.ConnectionString);
        await new PipelineStorage(Blobs, Scratch.Path).EnsureContainersAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Scratch.Dispose();
    }
}
