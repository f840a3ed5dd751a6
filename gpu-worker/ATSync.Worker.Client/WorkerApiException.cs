using System.Net;

namespace ATSync.Worker.Client;

/// <summary>The worker answered a request with an error; <see cref="Exception.Message"/> carries its explanation.</summary>
public sealed class WorkerApiException(HttpStatusCode status, string message) : Exception($"GPU worker: {(int)status} {status}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>Worth retrying: the worker was busy, restarting or briefly unreachable, not a bad request.</summary>
    public bool IsTransient => Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)Status >= 500;
}
