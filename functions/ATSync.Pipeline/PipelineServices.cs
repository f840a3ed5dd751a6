using Microsoft.Extensions.DependencyInjection.Extensions;
using ATSync.Pipeline.Activities;
using ATSync.Pipeline.Starting;
using ATSync.Core.IO;
using ATSync.Pipeline.Storage;
using ATSync.Worker.Client;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ATSync.Pipeline;

/// <summary>The services the activities and starters need, bound from the shared configuration names
/// (<c>AtsyncStorage</c>, <c>GpuWorker__*</c>, <c>Pipeline__*</c>).</summary>
public static class PipelineServices
{
    public const string StorageConnectionName = "AtsyncStorage";

    public static IServiceCollection AddAtsyncPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.Section));
        services.AddOptions<GpuWorkerOptions>().Bind(configuration.GetSection(GpuWorkerOptions.Section));
        services.AddSingleton(_ => CreateBlobService(configuration));
        services.AddSingleton(sp =>
        {
            var pipeline = sp.GetRequiredService<IOptions<PipelineOptions>>().Value;
            return new PipelineStorage(sp.GetRequiredService<BlobServiceClient>(), pipeline.ScratchDirectory,
                new CacheFolderLimit(pipeline.InputCacheMaxBytes, pipeline.InputCacheKeepRecent));
        });
        services.AddHttpClient(nameof(GpuWorkerClient), (sp, http) =>
        {
            var worker = sp.GetRequiredService<IOptions<GpuWorkerOptions>>().Value;
            if (!string.IsNullOrWhiteSpace(worker.BaseUrl))
                http.BaseAddress = new Uri(worker.BaseUrl.TrimEnd('/') + "/");
            http.Timeout = TimeSpan.FromSeconds(30);
        });
        services.AddTransient(sp => new GpuWorkerClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(GpuWorkerClient)),
            sp.GetRequiredService<IOptions<GpuWorkerOptions>>().Value.ApiKey));
        services.AddSingleton<PipelineStarter>();
        services.AddSingleton<PersonSummaryReader>();
        services.AddSingleton<HttpStarts>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReadLinks>();
        // Activities resolved by the Functions wrappers (the Durable Task worker creates its own through DI too).
        services.AddTransient<CheckVideoActivity>();
        services.AddTransient<RejectVideoActivity>();
        services.AddTransient<ScanSegmentActivity>();
        services.AddTransient<ExtractAudioFeaturesActivity>();
        services.AddTransient<AssembleDatasetActivity>();
        services.AddTransient<SubmitWorkerJobActivity>();
        services.AddTransient<GetWorkerJobActivity>();
        services.AddTransient<CancelWorkerJobActivity>();
        services.AddTransient<PublishModelActivity>();
        services.AddTransient<ResolvePersonModelActivity>();
        services.AddTransient<NormaliseAudioActivity>();
        return services;
    }

    /// <summary>A connection string (Azurite, local) or, in Azure, <c>AtsyncStorage__blobServiceUri</c> with a managed
    /// identity (<c>AZURE_CLIENT_ID</c> picks a user-assigned one).</summary>
    public static BlobServiceClient CreateBlobService(IConfiguration configuration)
    {
        var connection = configuration[StorageConnectionName];
        if (!string.IsNullOrWhiteSpace(connection)) return new BlobServiceClient(connection);
        var uri = configuration[$"{StorageConnectionName}:blobServiceUri"];
        if (!string.IsNullOrWhiteSpace(uri)) return new BlobServiceClient(new Uri(uri), new DefaultAzureCredential());
        throw new InvalidOperationException(
            $"no data storage configured: set {StorageConnectionName} (a connection string) or {StorageConnectionName}__blobServiceUri");
    }
}
