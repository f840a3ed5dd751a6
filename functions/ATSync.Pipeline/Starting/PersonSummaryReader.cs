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
        var manifest = await storage.ReadJsonAsync<DatasetManifest>(DatasetBlobs.Manifest(personId), DatasetManifest.JsonOptions, cancellationToken);
        var dataset = manifest is null ? null : new PersonSummary.DatasetInfo(DatasetBlobs.Folder(personId).ToString(), manifest.FrameCount,
            manifest.Features.Kind.ToString().ToLowerInvariant(), manifest.Faces.Coverage, manifest.CreatedUtc);
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
                progress = ReadProgress(full);
            }
            jobs.Add(new PersonSummary.JobInfo(instance.InstanceId, instance.Name, instance.RuntimeStatus.ToString(),
                instance.CreatedAt, instance.LastUpdatedAt, failure, progress));
        }
        return new PersonSummary(personId, dataset, model, folders,
            jobs.OrderByDescending(j => j.CreatedAt).Take(RecentJobs).ToList());
    }

    /// <summary>The worker-job progress an orchestration set as its custom status; null when it set none (or another shape).</summary>
    private static WorkerJobProgress? ReadProgress(OrchestrationMetadata? instance)
    {
        if (instance?.SerializedCustomStatus is not { Length: > 0 }) return null;
        try
        {
            return instance.ReadCustomStatusAs<WorkerJobProgress>() is { WorkerJob.Length: > 0 } progress ? progress : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
