using System.CommandLine;
using ATSync.Worker.Service;

namespace ATSync.Worker.Cli;

/// <summary>`atsync serve`: the GPU worker's job service (HTTP API over blob storage; see docs/worker.md).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Where to listen, e.g. http://+:8080 (default: ASPNETCORE_URLS, else http://localhost:5000).",
        };
        var command = new Command("serve",
            "Run the worker service: POST/GET/DELETE /v1/jobs (train and infer over blob storage), /healthz, /openapi/v1.json. " +
            "Needs ATSYNC_WORKER_API_KEY and Worker__Storage__ConnectionString or Worker__Storage__BlobServiceUri.")
        {
            urls,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync("serve", async () =>
        {
            await using var app = WorkerServiceHost.Build(parse.GetValue(urls));
            await app.RunAsync(cancellationToken);
            return 0;
        }, cancelled: "stopped"));
        return command;
    }
}
