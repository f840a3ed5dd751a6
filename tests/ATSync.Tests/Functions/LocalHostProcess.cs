using System.Net;
using System.Net.Sockets;
using ATSync.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace ATSync.Tests.Functions;

/// <summary>The local host (Durable Task SDK over the Azure Storage backend in Azurite, videos watcher, HTTP routes) run
/// in the test process on a free loopback port; stopping and starting another on the same task hub is a restart.</summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalHostProcess(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<LocalHostProcess> StartAsync(string storage, string taskHub, string workerUrl, string scratch,
        IDictionary<string, string?>? settings = null)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["AtsyncStorage"] = storage,
            ["GpuWorker:BaseUrl"] = workerUrl,
            ["GpuWorker:ApiKey"] = "test-key",
            ["Pipeline:WorkDirectory"] = scratch,
            ["Pipeline:CallbackBaseUrl"] = baseUrl,
            ["LocalHost:TaskHub"] = taskHub,
            ["LocalHost:WatchInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("ATSYNC_LOCALHOST_LOGLEVEL") ?? "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var app = await LocalPipelineHost.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            builder.WebHost.UseUrls(baseUrl);
        });
        await app.StartAsync();
        return new LocalHostProcess(app, baseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
