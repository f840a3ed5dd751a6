using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ATSync.Worker.Client;

namespace ATSync.Tests.WorkerService;

/// <summary>
/// A tiny HTTP endpoint standing in for the orchestration's callback: records every POSTed <see cref="JobStatus"/>
/// and refuses the first <c>failures</c> with 503, so the worker must retry.
/// </summary>
internal sealed class CallbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<JobStatus> _received = [];
    private readonly int _failures;
    private readonly Task _loop;
    private int _posts;

    public CallbackReceiver(int failures = 0)
    {
        _failures = failures;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/callback/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Every POST seen, refused ones included.</summary>
    public int Posts => Volatile.Read(ref _posts);

    /// <summary>The statuses that were accepted (200).</summary>
    public IReadOnlyList<JobStatus> Accepted
    {
        get
        {
            lock (_received) return _received.ToList();
        }
    }

    public async Task<JobStatus> WaitForAsync(string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Accepted.FirstOrDefault(s => s.Id == id) is { } status) return status;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no callback for job {id} within {timeout} ({Posts} POSTs seen)");
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var attempt = Interlocked.Increment(ref _posts);
            if (attempt <= _failures)
            {
                context.Response.StatusCode = 503;
            }
            else
            {
                var status = await JsonSerializer.DeserializeAsync<JobStatus>(context.Request.InputStream, WorkerJson.Options);
                lock (_received) _received.Add(status!);
                context.Response.StatusCode = 200;
            }
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
