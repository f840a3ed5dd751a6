using ATSync.Pipeline.Storage;
using ATSync.Tests.Support;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Testing;

namespace ATSync.Tests.Functions;

/// <summary>
/// What the pipeline's orchestration tests share: the real Durable Task worker (in-memory backend) with the pipeline's
/// services over the collection's Azurite, its containers made, a scripted GPU worker (for the tests that reach a
/// worker job) and a scratch folder; all torn down after each test.
/// </summary>
public abstract class PipelineOrchestrationTest(AzuriteFixture azurite) : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;
    protected FakeGpuWorker Worker { get; } = new();
    protected TempDirectory Scratch { get; } = new();
    protected DurableTaskTestHost Host { get; private set; } = null!;
    protected BlobServiceClient Blobs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await PipelineTestHost.StartAsync(Azurite.Azurite.ConnectionString, Worker.BaseUrl, Scratch.Path);
        Blobs = new BlobServiceClient(Azurite.Azurite.ConnectionString);
        await new PipelineStorage(Blobs, Scratch.Path).EnsureContainersAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Worker.DisposeAsync();
        Scratch.Dispose();
    }
}
