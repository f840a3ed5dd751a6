using ATSync.Core.Datasets;
using ATSync.Pipeline.Storage;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Activities;

/// <summary>Deletes <c>datasets/{person}/dataset.json</c> before new frames are written over the old ones: without its
/// manifest a dataset reads as incomplete (the CLI's rule), until AssembleDataset writes the new one last.</summary>
[DurableTask(Name)]
public sealed class InvalidateDatasetActivity(PipelineStorage storage) : TaskActivity<string, bool>
{
    public const string Name = "InvalidateDataset";

    public override async Task<bool> RunAsync(TaskActivityContext context, string personId)
    {
        var manifest = DatasetBlobs.Manifest(personId);
        return await storage.Blob(manifest).DeleteIfExistsAsync();
    }
}
