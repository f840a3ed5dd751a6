using ATSync.Core.Datasets;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using Microsoft.DurableTask.Client;

namespace ATSync.Pipeline.Starting;

/// <summary>Reads what the pipeline knows of a person from blob storage and the task hub.</summary>
public sealed class PersonSummaryReader(PipelineStorage storage)
{
    public const int RecentJobs = 20;

    public async Task<PersonSummary> ReadAsync(DurableTaskClient client, string personId, CancellationToken cancellationToken = default)
    {
        PersonIds.Validate(personId);
        var current = await CurrentDatasetAsync(personId, cancellationToken);
        var dataset = current is not { } c ? null : new PersonSummary.DatasetInfo(c.Folder.ToString(), c.Manifest.FrameCount,
            c.Manifest.Features.Kind.ToString().ToLowerInvariant(), c.Manifest.Faces.Coverage, c.Manifest.CreatedUtc);
        var model = await storage.ReadJsonAsync<PersonModel>(ModelBlobs.Latest(personId), cancellationToken: cancellationToken);
        var folders = (await storage.ListAsync(Containers.Models, $"{personId}/", cancellationToken: cancellationToken))
            .Select(b => b.Name.Split('/'))
            .Where(parts => parts.Length > 2)
            .Select(parts => $"{Containers.Models}/{parts[0]}/{parts[1]}/")
            .Distinct().ToList();

        var jobs = new List<PersonSummary.JobInfo>();
        var query = new OrchestrationQuery { InstanceIdPrefix = $"{personId}:", PageSize = 100, FetchInputsAndOutputs = false };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            // The pipeline's own orchestrations ({person}:{kind}:{key}); ad-hoc ones with other id shapes are left out.
            if (instance.InstanceId.Count(c => c == ':') != 2) continue;
            var failure = instance.FailureDetails?.ErrorMessage;
            if (failure is null && instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed)
            {
                // Through the gRPC sidecar over Azure Storage the failure arrives as the instance's output instead.
                var full = await client.GetInstanceAsync(instance.InstanceId, getInputsAndOutputs: true, cancellationToken);
                failure = full?.FailureDetails?.ErrorMessage ?? full?.SerializedOutput;
            }
            WorkerJobProgress? progress = null;
            if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Running)
            {
                // The custom status comes only with the full instance (a few running ones per person at most).
                var full = await client.GetInstanceAsync(instance.InstanceId, getInputsAndOutputs: true, cancellationToken);
                progress = WorkerJobProgress.FromCustomStatus(full?.SerializedCustomStatus);
            }
            jobs.Add(new PersonSummary.JobInfo(instance.InstanceId, instance.Name, instance.RuntimeStatus.ToString(),
                instance.CreatedAt, instance.LastUpdatedAt, failure, progress));
        }
        return new PersonSummary(personId, dataset, model, folders,
            jobs.OrderByDescending(j => j.CreatedAt).Take(RecentJobs).ToList());
    }

    /// <summary>The person's current complete dataset: the version <c>current.json</c> points at, else one made before
    /// versions (<c>datasets/{person}/dataset.json</c>); null when there is none.</summary>
    public async Task<(BlobRef Folder, DatasetManifest Manifest)?> CurrentDatasetAsync(string personId, CancellationToken cancellationToken = default)
    {
        PersonIds.Validate(personId);
        var folder = (await storage.ReadJsonAsync<DatasetPointer>(DatasetBlobs.Pointer(personId), cancellationToken: cancellationToken))?.Folder
                     ?? DatasetBlobs.LegacyFolder(personId);
        var manifest = await storage.ReadJsonAsync<DatasetManifest>(DatasetBlobs.Manifest(folder), DatasetManifest.JsonOptions, cancellationToken);
        return manifest is null ? null : (folder, manifest);
    }
}
