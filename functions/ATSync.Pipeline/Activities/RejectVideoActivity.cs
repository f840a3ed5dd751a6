using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Activities;

/// <summary>
/// Moves an unusable video to <c>rejected/{name}</c> with <c>rejected/{name}.report.json</c> saying why. Safe to re-run:
/// the copy and report overwrite, and the original is deleted only while it is still the version that was checked
/// (a newer upload under the same name is left alone).
/// </summary>
[DurableTask(Name)]
public sealed class RejectVideoActivity(PipelineStorage storage) : TaskActivity<RejectVideoInput, BlobRef>
{
    public const string Name = "RejectVideo";

    public override async Task<BlobRef> RunAsync(TaskActivityContext context, RejectVideoInput input)
    {
        var target = new BlobRef(Containers.Rejected, input.Upload.Video.Name);
        var report = new BlobRef(Containers.Rejected, $"{input.Upload.Video.Name}.report.json");
        try
        {
            var local = await storage.DownloadToCacheAsync(input.Upload.Video);
            await storage.UploadFileAsync(target, local);
            await storage.Blob(input.Upload.Video).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots,
                new BlobRequestConditions { IfMatch = new ETag(input.Upload.ETag) });
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Already moved by an earlier attempt, or replaced by a newer upload: only the report remains to write.
        }
        await storage.UploadJsonAsync(report, new RejectionReport(input.Upload.PersonId, input.Upload.Video.ToString(),
            input.Reason, input.InstanceId, DateTimeOffset.UtcNow));
        return report;
    }

    public sealed record RejectionReport(string PersonId, string Video, string Reason, string InstanceId, DateTimeOffset RejectedAt);
}
