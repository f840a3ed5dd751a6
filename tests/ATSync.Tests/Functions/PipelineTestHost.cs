using ATSync.Pipeline;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ATSync.Tests.Functions;

/// <summary>
/// The pipeline's real orchestrations and activities in Microsoft.DurableTask.InProcessTestHost (the SDK's gRPC worker
/// over an in-memory backend), with the pipeline's services bound from configuration like the hosts do. Waiting is
/// our own short poll (the SDK's wait is fine here, but one helper serves both backends).
/// </summary>
public static class PipelineTestHost
{
    public static Task<DurableTaskTestHost> StartAsync(string storageConnection, string workerUrl, string scratch,
        IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AtsyncStorage"] = storageConnection,
            ["GpuWorker:BaseUrl"] = workerUrl,
            ["GpuWorker:ApiKey"] = "test-key",
            ["Pipeline:WorkDirectory"] = scratch,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return DurableTaskTestHost.StartAsync(registry => registry.AddPipelineTasks(), new DurableTaskTestHostOptions
        {
            ConfigureServices = services => services.AddAtsyncPipeline(configuration),
        });
    }

    /// <summary>Polls every 100 ms until the instance completes (any final state) or the time is up.</summary>
    public static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string instanceId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (instance is { IsCompleted: true }) return instance;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{instanceId} is still {instance?.RuntimeStatus.ToString() ?? "unknown"} after {timeout}");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
