using System.Text.Json;
using ATSync.Worker.Client;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace ATSync.Worker.Service;

/// <summary>
/// Job records as JSON blobs in the <c>worker-jobs</c> container. Creation is conditional on the blob not existing and
/// every update on the ETag read, so concurrent writers (two workers, a heartbeat and a DELETE) retry on fresh data
/// instead of overwriting each other. The job's state is also kept in blob metadata so scans need not download.
/// </summary>
public sealed class BlobJobStore(BlobServiceClient service, IOptions<WorkerOptions> options)
{
    private const string StateMetadata = "state";
    private readonly BlobContainerClient _container = service.GetBlobContainerClient(options.Value.JobsContainer);
    private int _created;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 1) return;
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        Volatile.Write(ref _created, 1);
    }

    /// <summary>Stores a new record; when one of that id exists already, returns it instead (and created = false).</summary>
    public async Task<(JobRecord Record, bool Created)> CreateAsync(JobRecord record, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            await WriteAsync(record, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);
            return (record, true);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            var existing = await GetAsync(record.Id, cancellationToken)
                           ?? throw new InvalidOperationException($"job {record.Id} exists and vanished while being read");
            return (existing, false);
        }
    }

    public async Task<JobRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await ReadAsync(id, cancellationToken))?.Record;

    /// <summary>
    /// Applies a change to the latest record, retrying on concurrent updates. The change returns null to leave the
    /// record as it is. Returns the record as stored afterwards and whether this call changed it; null when no such job.
    /// </summary>
    public async Task<(JobRecord Record, bool Changed)?> UpdateAsync(string id, Func<JobRecord, JobRecord?> change,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await ReadAsync(id, cancellationToken) is not { } current) return null;
            if (change(current.Record) is not { } next) return (current.Record, false);
            try
            {
                await WriteAsync(next, new BlobRequestConditions { IfMatch = current.ETag }, cancellationToken);
                return (next, true);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Someone wrote in between: apply the change to what they wrote.
            }
        }
    }

    /// <summary>Ids of the jobs in the given states, from blob metadata (no downloads).</summary>
    public async Task<List<string>> ListIdsAsync(Func<JobState, bool> state, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var ids = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (!blob.Name.EndsWith(".json", StringComparison.Ordinal)) continue;
            if (blob.Metadata.TryGetValue(StateMetadata, out var text) && Enum.TryParse<JobState>(text, true, out var s) && !state(s)) continue;
            ids.Add(blob.Name[..^".json".Length]);
        }
        return ids;
    }

    private static string BlobName(string id) => $"{id}.json";

    private async Task<(JobRecord Record, ETag ETag)?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            var response = await _container.GetBlobClient(BlobName(id)).DownloadContentAsync(cancellationToken);
            var record = response.Value.Content.ToObjectFromJson<JobRecord>(WorkerJson.Options)
                         ?? throw new InvalidDataException($"job record {id} is empty");
            return (record, response.Value.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task WriteAsync(JobRecord record, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = conditions,
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = new Dictionary<string, string> { [StateMetadata] = record.State.ToString().ToLowerInvariant() },
        };
        await _container.GetBlobClient(BlobName(record.Id))
            .UploadAsync(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(record, WorkerJson.Options)), options, cancellationToken);
    }
}
