using System.Net;
using System.Net.Http.Json;

namespace ATSync.Worker.Client;

/// <summary>
/// Typed client of the GPU worker's job API. The HttpClient's BaseAddress is the worker's root URL; every request
/// carries the API key in <c>x-api-key</c>.
/// </summary>
public sealed class GpuWorkerClient(HttpClient http, string apiKey)
{
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>Submits a job (idempotent on its id) and returns it as the worker now has it.</summary>
    public async Task<JobStatus> SubmitAsync(JobSpec spec, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Post, "v1/jobs");
        request.Content = JsonContent.Create(spec, options: WorkerJson.Options);
        return (await SendAsync(request, cancellationToken))!;
    }

    /// <summary>The job's status, or null when the worker has no job of that id.</summary>
    public async Task<JobStatus?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, $"v1/jobs/{Uri.EscapeDataString(id)}");
        return await SendAsync(request, cancellationToken, notFoundIsNull: true);
    }

    /// <summary>Asks the worker to cancel the job; returns its status after the request, or null when unknown.</summary>
    public async Task<JobStatus?> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Delete, $"v1/jobs/{Uri.EscapeDataString(id)}");
        return await SendAsync(request, cancellationToken, notFoundIsNull: true);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ApiKeyHeader, apiKey);
        return request;
    }

    private async Task<JobStatus?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new WorkerApiException(response.StatusCode, string.IsNullOrWhiteSpace(body) ? response.ReasonPhrase ?? "no detail" : body.Trim());
        }
        return await response.Content.ReadFromJsonAsync<JobStatus>(WorkerJson.Options, cancellationToken)
               ?? throw new WorkerApiException(response.StatusCode, "empty response body");
    }
}
