using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ATSync.Worker.Client;

namespace ATSync.Tests.Functions;

/// <summary>
/// A scripted stand-in for the GPU worker's job API on loopback HTTP, for the orchestration edge cases only (timer vs
/// callback vs poll, a worker that lost a job, transient 503s, a time-out): the test decides what each GET answers.
/// The real worker is exercised by the end-to-end test.
/// </summary>
public sealed class FakeGpuWorker : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, JobState> _states = new();

    public FakeGpuWorker()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<JobSpec> Submissions { get; } = new();

    public ConcurrentQueue<string> Cancellations { get; } = new();

    public int Polls;

    /// <summary>Submissions answered 503 before one is accepted.</summary>
    public int FailSubmissions;

    /// <summary>GETs answered 404 (the worker "lost" the job) before it is known.</summary>
    public int ForgetJobPolls;

    public void SetState(string jobId, JobState state) => _states[jobId] = state;

    /// <summary>What GETs report as the training's figures (null: none).</summary>
    public TrainingState? Training { get; set; }

    public JobState? StateOf(string jobId) => _states.TryGetValue(jobId, out var s) ? s : null;

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                await HandleAsync(context);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (request.Headers[GpuWorkerClient.ApiKeyHeader] != "test-key")
        {
            response.StatusCode = 401;
            return;
        }
        var path = request.Url!.AbsolutePath;
        if (request.HttpMethod == "POST" && path == "/v1/jobs")
        {
            if (Interlocked.Decrement(ref FailSubmissions) >= 0)
            {
                response.StatusCode = 503;
                return;
            }
            var spec = (await JsonSerializer.DeserializeAsync<JobSpec>(request.InputStream, WorkerJson.Options))!;
            Submissions.Enqueue(spec);
            _states.TryAdd(spec.Id, JobState.Running);
            await WriteAsync(response, Status(spec.Id, _states[spec.Id]));
            return;
        }
        var id = Uri.UnescapeDataString(path["/v1/jobs/".Length..]);
        if (request.HttpMethod == "DELETE")
        {
            Cancellations.Enqueue(id);
            _states[id] = JobState.Cancelled;
            await WriteAsync(response, Status(id, JobState.Cancelled));
            return;
        }
        Interlocked.Increment(ref Polls);
        if (Interlocked.Decrement(ref ForgetJobPolls) >= 0)
        {
            _states.TryRemove(id, out _);
            response.StatusCode = 404;
            return;
        }
        if (!_states.TryGetValue(id, out var state))
        {
            response.StatusCode = 404;
            return;
        }
        await WriteAsync(response, Status(id, state) with { Training = Training });
    }

    public static JobStatus Status(string id, JobState state) => new(id, JobKind.Train, state, "train", state == JobState.Succeeded ? 1 : 0.5, 1,
        new JobTimings(DateTimeOffset.UtcNow), Error: state == JobState.Failed ? "scripted failure" : null);

    private static async Task WriteAsync(HttpListenerResponse response, JobStatus status)
    {
        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.OutputStream, status, WorkerJson.Options);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
