using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Activities;

/// <summary>
/// Records a finished training as the person's current model: finds the checkpoint in <c>models/{person}/{job}/</c>
/// (the worker's reported result, else the newest .pth or .onnx there) and writes <c>models/{person}/latest.json</c>.
/// </summary>
[DurableTask(Name)]
public sealed class PublishModelActivity(PipelineStorage storage) : TaskActivity<PublishModelInput, PersonModel>
{
    public const string Name = "PublishModel";

    public override async Task<PersonModel> RunAsync(TaskActivityContext context, PublishModelInput input)
    {
        var checkpoint = InFolder(input.ReportedModelUri, input.Folder) is { } reported && IsModelFile(reported.Name) ? reported : null;
        if (checkpoint is null)
        {
            var files = await storage.ListAsync(input.Folder.Container, input.Folder.Name);
            var newest = files.Where(f => IsModelFile(f.Name)).OrderByDescending(f => f.Properties.LastModified).FirstOrDefault();
            if (newest is not null) checkpoint = new BlobRef(input.Folder.Container, newest.Name);
        }
        if (checkpoint is null)
            throw new InvalidOperationException($"training job {input.JobId} succeeded but {input.Folder} holds no .pth or .onnx");

        var video = input.Video;
        if (video is null)
        {
            var source = await storage.ReadJsonAsync<DatasetSource>(DatasetBlobs.Source(input.Dataset ?? DatasetBlobs.LegacyFolder(input.PersonId)));
            video = source?.Video;
        }
        var model = new PersonModel(input.PersonId, input.JobId, input.Folder, checkpoint, video, DateTimeOffset.UtcNow,
            InFolder(input.ReportedEvalReportUri, input.Folder), InFolder(input.ReportedContactSheetUri, input.Folder));
        await storage.UploadJsonAsync(ModelBlobs.Latest(input.PersonId), model);
        return model;
    }

    /// <summary>A blob the worker reported, if it lies in the job's model folder (links are signed for these later, so
    /// nothing outside the folder the pipeline gave the worker is taken).</summary>
    private static BlobRef? InFolder(string? uri, BlobRef folder)
    {
        if (uri is null || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed)) return null;
        var parts = new BlobUriBuilder(parsed);
        var blob = new BlobRef(parts.BlobContainerName, parts.BlobName);
        return folder.Holds(blob) ? blob : null;
    }

    private static bool IsModelFile(string name) =>
        name.EndsWith(".pth", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
}
