using ATSync.Worker.Client;
using Microsoft.Extensions.Options;

namespace ATSync.Worker.Service;

/// <summary>Builds the worker's web application: options, storage, the job pipeline and the endpoints.</summary>
public static class WorkerServiceHost
{
    public static WebApplication Build(string? urls)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        if (urls is not null) builder.WebHost.UseUrls(urls);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        // One line per request is noise next to the job log; warnings and errors still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        var services = builder.Services;
        services.AddOptions<WorkerOptions>().Bind(builder.Configuration.GetSection(WorkerOptions.Section))
            .Validate(o => o.Concurrency >= 1, "Worker:Concurrency must be at least 1")
            .Validate(o => o.ContainerList.Count > 0, "Worker:Containers names no data container")
            .Validate(o => o.Device is "auto" or "cpu" or "cuda", "Worker:Device must be auto, cpu or cuda")
            .ValidateOnStart();
        services.AddSingleton(new WorkerApiKey(builder.Configuration[WorkerApiKey.ConfigurationName]));
        services.AddSingleton(sp => BlobServiceFactory.Create(sp.GetRequiredService<IOptions<WorkerOptions>>().Value.Storage));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BlobUriPolicy>();
        services.AddSingleton<CallbackUrlPolicy>();
        services.AddSingleton<JobSpecValidator>();
        services.AddSingleton<BlobJobStore>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<BlobInputCache>();
        services.AddSingleton<BlobOutputWriter>();
        services.AddSingleton<IJobExecutor, TrainJobExecutor>();
        services.AddSingleton<IJobExecutor, InferJobExecutor>();
        services.AddSingleton<CallbackNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<CallbackNotifier>());
        services.AddHostedService<JobRunner>();
        CallbackHttpClient.Register(services);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = WorkerJson.Options.PropertyNamingPolicy;
        });
        services.AddProblemDetails();
        services.AddOpenApi();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi(); // /openapi/v1.json
        app.MapJobEndpoints();
        return app;
    }
}
