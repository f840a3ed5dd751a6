using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ATSync.Worker.Client;
using Microsoft.Extensions.Options;

namespace ATSync.Worker.Service;

/// <summary>
/// POSTs a finished job's <see cref="JobStatus"/> to its callback URL, retrying with exponential backoff until the
/// receiver accepts it (2xx) or the retry window after the job's end has passed. Delivery is noted in the job record,
/// so a restarted worker sends the callbacks still owed and a delivered one is not sent again by this worker.
/// A 4xx other than 408/429 is final (the receiver will never take it, e.g. the orchestration is gone).
/// </summary>
public sealed class CallbackNotifier(
    BlobJobStore store,
    IHttpClientFactory http,
    CallbackUrlPolicy policy,
    TimeProvider clock,
    IOptions<WorkerOptions> options,
    ILogger<CallbackNotifier> logger) : BackgroundService
{
    private readonly WorkerOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Task> _deliveries = new();
    private CancellationToken _stopping = CancellationToken.None;

    /// <summary>Starts delivering the job's callback if it needs one and no delivery of it is under way.</summary>
    public void Notify(string id)
    {
        if (_stopping.IsCancellationRequested) return;
        var started = false;
        _deliveries.GetOrAdd(id, _ =>
        {
            started = true;
            return Task.Run(() => DeliverAsync(id, _stopping));
        });
        if (started) logger.LogDebug("job {Id}: callback delivery started", id);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        try
        {
            // Callbacks owed from before a restart.
            foreach (var id in await store.ListIdsAsync(s => s.IsFinal(), stoppingToken))
                if (await store.GetAsync(id, stoppingToken) is { NeedsCallback: true }) Notify(id);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(_deliveries.Values);
    }

    private async Task DeliverAsync(string id, CancellationToken stoppingToken)
    {
        try
        {
            var delay = _options.CallbackInitialDelay;
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await store.GetAsync(id, stoppingToken) is not { NeedsCallback: true } record) return;
                var expires = (record.Timings.FinishedAt ?? clock.GetUtcNow()) + _options.CallbackRetryWindow;
                if (clock.GetUtcNow() > expires)
                {
                    await NoteAsync(id, r => r with { CallbackError = $"not accepted within {_options.CallbackRetryWindow} after the job ended" }, stoppingToken);
                    logger.LogError("job {Id}: callback to {Url} given up: not accepted in time", id, Loggable(record.Spec.CallbackUrl));
                    return;
                }
                var (accepted, final, detail) = await PostAsync(record, stoppingToken);
                if (accepted || final)
                {
                    await NoteAsync(id, r => r with
                    {
                        CallbackDelivered = accepted, CallbackAttempts = r.CallbackAttempts + 1,
                        CallbackError = accepted ? null : detail,
                    }, stoppingToken);
                    if (accepted) logger.LogInformation("job {Id}: callback delivered to {Url}", id, Loggable(record.Spec.CallbackUrl));
                    else logger.LogError("job {Id}: callback to {Url} refused: {Detail}", id, Loggable(record.Spec.CallbackUrl), detail);
                    return;
                }
                await NoteAsync(id, r => r with { CallbackAttempts = r.CallbackAttempts + 1 }, stoppingToken);
                logger.LogWarning("job {Id}: callback to {Url} failed ({Detail}); retrying in {Delay}", id, Loggable(record.Spec.CallbackUrl), detail, delay);
                // Jitter spreads many jobs' retries after the receiver comes back.
                await Task.Delay(delay * (0.8 + 0.4 * Random.Shared.NextDouble()), clock, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.CallbackMaxDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The next start sends it.
        }
        catch (Exception e)
        {
            logger.LogError(e, "job {Id}: callback delivery stopped; the next start retries it", id);
        }
        finally
        {
            _deliveries.TryRemove(id, out _);
        }
    }

    private async Task<(bool Accepted, bool Final, string Detail)> PostAsync(JobRecord record, CancellationToken cancellationToken)
    {
        // Checked again at delivery: the record may predate the setting, or the setting may have changed since.
        if (policy.Problem(record.Spec.CallbackUrl!) is { } refused) return (false, true, refused);
        try
        {
            // A buffered body (with Content-Length) rather than a chunked stream: every receiver takes that.
            var body = JsonSerializer.SerializeToUtf8Bytes(record.ToStatus(), WorkerJson.Options);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            // Signed when a secret is shared with the receiver, which then needs no key in the URL (CallbackSignature).
            if (!string.IsNullOrEmpty(_options.CallbackSecret))
                content.Headers.Add(CallbackSignature.Header, CallbackSignature.Create(_options.CallbackSecret, clock.GetUtcNow(), body));
            using var response = await http.CreateClient(CallbackHttpClient.Name).PostAsync(record.Spec.CallbackUrl, content, cancellationToken);
            var code = (int)response.StatusCode;
            var detail = $"{code} {response.ReasonPhrase}";
            if (response.IsSuccessStatusCode) return (true, false, detail);
            // Not followed (the client does not redirect) and final: the receiver is not where the job said.
            if (code is >= 300 and < 400) return (false, true, $"{detail}: redirects are not followed");
            var retry = code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return (false, !retry, detail);
        }
        catch (HttpRequestException e)
        {
            return (false, false, e.Message);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, false, $"timed out ({e.Message})");
        }
    }

    /// <summary>The URL without its query: a key there (<c>?code=</c>) stays out of the logs.</summary>
    private static string Loggable(string? url) =>
        url is null ? "" : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : "(unparsable URL)";

    private Task NoteAsync(string id, Func<JobRecord, JobRecord> change, CancellationToken cancellationToken) =>
        store.UpdateAsync(id, change, cancellationToken);
}
