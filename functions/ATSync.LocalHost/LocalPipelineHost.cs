using ATSync.Pipeline;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;

namespace ATSync.LocalHost;

/// <summary>
/// The pipeline without the Functions host: the Durable Task SDK's gRPC worker and client run the pipeline library's
/// orchestrations and activities against a sidecar over the Azure Storage backend (AzureWebJobsStorage, e.g. Azurite),
/// a watcher plays the blob trigger, and Kestrel serves the Functions app's routes.
/// </summary>
public static class LocalPipelineHost
{
    public const string TaskHubStorageName = "AzureWebJobsStorage";

    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        var options = configuration.GetSection(LocalHostOptions.Section).Get<LocalHostOptions>() ?? new LocalHostOptions();
        var taskHubStorage = configuration[TaskHubStorageName] is { Length: > 0 } s ? s
            : configuration[PipelineServices.StorageConnectionName]
              ?? throw new InvalidOperationException($"set {TaskHubStorageName} (task hub storage, e.g. Azurite's connection string)");

        // The backend and sidecar log warnings to the console (their own factory: they start before the app's).
        var backendLogging = LoggerFactory.Create(l => l.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var backend = await AzureStorageTaskHub.CreateAsync(taskHubStorage, options, backendLogging, cancellationToken);
        var sidecar = await DurableSidecar.StartAsync(backend, backendLogging, cancellationToken);

        builder.Services.Configure<LocalHostOptions>(configuration.GetSection(LocalHostOptions.Section));
        builder.Services.AddAtsyncPipeline(configuration);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(sidecar.Channel);
            worker.AddTasks(registry => registry.AddPipelineTasks());
        });
        builder.Services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(sidecar.Channel);
            client.RegisterDirectly();
        });
        builder.Services.AddHostedService<VideoWatcher>();
        builder.Services.AddSingleton(sidecar);

        var app = builder.Build();
        app.MapPipelineRoutes();
        // The sidecar outlives the worker (which drains into it) and goes last.
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            // Bounded: with the storage already gone (Azurite stopped first) these would retry for minutes. Generous
            // enough for a loaded machine: a backend left running keeps renewing its partition lease, and a host
            // restarted in the same process (the end-to-end test) then never gets the partition.
            sidecar.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
            // Releases the partition leases, so the next host (a restart) does not wait for them to expire.
            backend.StopAsync(isForced: false).Wait(TimeSpan.FromSeconds(30));
            backendLogging.Dispose();
        });
        return app;
    }
}
