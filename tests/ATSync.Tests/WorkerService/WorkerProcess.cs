using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ATSync.Tests.Support;
using ATSync.Worker.Client;

namespace ATSync.Tests.WorkerService;

/// <summary>
/// The real worker, `atsync serve`, as a separate process on a free loopback port, against the test's Azurite. Its
/// log is kept for failure messages. <see cref="Kill"/> ends it like a crash (SIGKILL); dispose stops it too.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    public const string ApiKey = "test-key-not-a-secret";
    private const string Tcmalloc = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private WorkerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client = new GpuWorkerClient(Http, ApiKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>Carries no API key by itself (for the 401 tests); <see cref="Client"/> sends it.</summary>
    public HttpClient Http { get; }

    public GpuWorkerClient Client { get; }

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>Starts a worker; settings are extra Worker__ environment variables (e.g. Concurrency = 2).</summary>
    public static async Task<WorkerProcess> StartAsync(WorkerTestStorage storage, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "atsync.dll"), "serve", "--urls", $"http://127.0.0.1:{port}" })
            start.ArgumentList.Add(a);
        start.Environment["ATSYNC_WORKER_API_KEY"] = ApiKey;
        start.Environment["Worker__Storage__ConnectionString"] = storage.ConnectionString;
        start.Environment["Worker__Containers"] = string.Join(',', storage.Containers);
        start.Environment["Worker__JobsContainer"] = storage.JobsContainer;
        start.Environment["Worker__CacheDirectory"] = storage.CacheDirectory;
        start.Environment["Worker__InstanceId"] = "test-worker";
        start.Environment["Worker__HeartbeatInterval"] = "00:00:00.500";
        start.Environment["Worker__CallbackInitialDelay"] = "00:00:00.300";
        start.Environment.Remove("ASPNETCORE_URLS");
        if (File.Exists(Tcmalloc)) start.Environment["LD_PRELOAD"] = Tcmalloc;
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[$"Worker__{name}"] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the worker");
        var worker = new WorkerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the worker exited with {process.ExitCode} at start:\n{worker.Log}");
            try
            {
                using var response = await worker.Http.GetAsync("healthz");
                if (response.StatusCode == HttpStatusCode.OK) return worker;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the worker did not answer /healthz:\n{worker.Log}");
            await Task.Delay(200);
        }
    }

    /// <summary>Polls until the job is in a final state; fails with the worker's log when it takes too long.</summary>
    public async Task<JobStatus> WaitForFinalAsync(string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await Client.GetAsync(id) ?? throw new InvalidOperationException($"job {id} is unknown:\n{Log}");
            if (status.State.IsFinal()) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {id} still {status.State} ({status.Stage}) after {timeout}:\n{Log}");
            await Task.Delay(250);
        }
    }

    /// <summary>Ends the process at once, as a crash or an evicted VM would.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Http.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
