using ATSync.Core.Faces;
using ATSync.Pipeline.Activities;
using ATSync.Pipeline.Payloads;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Orchestrators;

/// <summary>
/// Video -> dataset in its own version folder <c>datasets/{person}/{version}/</c> (see <see cref="Storage.DatasetBlobs"/>),
/// same layout and dataset.json as `atsync process`, then the person's <c>current.json</c> points at it: check the video
/// (an unusable one is moved to <c>rejected/</c> with a report and the orchestration fails with the reason), fan out
/// the frame and landmark scan over segments plus the audio features, fan in to landmarks and the manifest.
/// </summary>
[DurableTask(Name)]
public sealed class PrepareDatasetOrchestrator : TaskOrchestrator<PrepareDatasetInput, DatasetResult>
{
    public const string Name = "PrepareDataset";

    public override Task<DatasetResult> RunAsync(TaskOrchestrationContext context, PrepareDatasetInput input) => PrepareAsync(context, input);

    /// <summary>The preparation steps, inside whichever orchestration calls them (this one, or PersonPipeline).</summary>
    public static async Task<DatasetResult> PrepareAsync(TaskOrchestrationContext context, PrepareDatasetInput input)
    {
        var upload = input.Upload;
        var check = await context.CallActivityAsync<VideoCheck>(CheckVideoActivity.Name, upload, PipelineRetry.Transient);
        if (!check.Usable) await RejectAsync(context, upload, check.Reason!);

        var segments = FrameSegments.Split(check.FrameCount, Math.Max(1, input.Settings.Segments));
        var scans = segments.Select((range, i) => context.CallActivityAsync<SegmentScanResult>(ScanSegmentActivity.Name,
            new SegmentScanInput(upload, i, range.First, range.Last), PipelineRetry.Transient)).ToList();
        var audio = context.CallActivityAsync<AudioFeaturesResult>(ExtractAudioFeaturesActivity.Name,
            new AudioFeaturesInput(upload, input.Settings.Asr, check.FrameCount), PipelineRetry.Transient);
        var scanned = await Task.WhenAll(scans);
        var features = await audio;

        if (scanned.Sum(s => s.FacesFound) == 0)
            await RejectAsync(context, upload, "no face was found in any frame");
        try
        {
            return await context.CallActivityAsync<DatasetResult>(AssembleDatasetActivity.Name,
                new AssembleDatasetInput(upload, input.Settings, check.FrameCount, scanned, features), PipelineRetry.Transient);
        }
        catch (TaskFailedException e) when (e.FailureDetails.IsCausedBy<FaceCoverageException>())
        {
            await RejectAsync(context, upload, e.FailureDetails.ErrorMessage);
            throw; // not reached
        }
    }

    private static async Task RejectAsync(TaskOrchestrationContext context, VideoUpload upload, string reason)
    {
        await context.CallActivityAsync<Storage.BlobRef>(RejectVideoActivity.Name,
            new RejectVideoInput(upload, reason, context.InstanceId), PipelineRetry.Transient);
        throw new VideoRejectedException($"{upload.Video} was rejected and moved to rejected/: {reason}");
    }
}
