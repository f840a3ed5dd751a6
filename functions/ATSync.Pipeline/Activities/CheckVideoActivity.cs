using ATSync.Core.Media;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using Azure;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Activities;

/// <summary>Probes the uploaded video: usable for a dataset (video and audio streams, a sane length) or not, and why.</summary>
[DurableTask(Name)]
public sealed class CheckVideoActivity(PipelineStorage storage) : TaskActivity<VideoUpload, VideoCheck>
{
    public const string Name = "CheckVideo";
    public static readonly TimeSpan MinimumLength = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaximumLength = TimeSpan.FromMinutes(30);

    public override async Task<VideoCheck> RunAsync(TaskActivityContext context, VideoUpload upload)
    {
        string path;
        try
        {
            // Replaced by other content since the trigger: that version has a pipeline of its own; this one stops
            // without touching it (DownloadUploadAsync). Replaced by the same bytes (a repeated upload) is the same video.
            path = await storage.DownloadUploadAsync(upload);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new VideoCheck(false, $"{upload.Video} was deleted before it could be checked", 0, 0);
        }

        MediaInfo info;
        try
        {
            info = await MediaProbe.ProbeAsync(path);
        }
        catch (MediaException e)
        {
            return new VideoCheck(false, $"not a readable video: {e.Message}", 0, 0);
        }
        if (!info.HasVideo) return new VideoCheck(false, "the file has no video stream", 0, info.Duration.TotalSeconds);
        if (!info.HasAudio)
            return new VideoCheck(false, "the video has no audio stream; the model learns from the person's speech", 0, info.Duration.TotalSeconds);
        if (info.Duration < MinimumLength || info.Duration > MaximumLength)
            return new VideoCheck(false, $"the video lasts {info.Duration.TotalSeconds:F1} s; use {MinimumLength.TotalSeconds:F0} s to {MaximumLength.TotalMinutes:F0} min",
                0, info.Duration.TotalSeconds);
        return new VideoCheck(true, null, info.RequireVideo().FrameCountAt25Fps, info.Duration.TotalSeconds);
    }
}
