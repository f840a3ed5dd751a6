using System.Text.Json.Nodes;
using ATSync.Core.Datasets;
using ATSync.Pipeline;
using ATSync.Pipeline.Orchestrators;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Starting;
using ATSync.Pipeline.Storage;
using ATSync.Tests.Support;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace ATSync.Tests.Functions;

/// <summary>
/// PrepareDataset through the real Durable Task worker with real Azurite, ffmpeg and face models: the fanned-out
/// dataset is the one `atsync process` (DatasetBuilder) makes from the same clip, file for file; an unusable video
/// ends Failed with its reason and is moved to rejected/ with a report.
/// </summary>
[Collection(FunctionsAzuriteCollection.Name)]
public sealed class PrepareDatasetOrchestrationTests(AzuriteFixture azurite) : PipelineOrchestrationTest(azurite)
{
    private async Task<VideoUpload> UploadAsync(string localPath, string blobName)
    {
        var blob = Blobs.GetBlobContainerClient(Containers.Videos).GetBlobClient(blobName);
        await blob.UploadAsync(localPath, overwrite: true);
        return await PipelineStarter.DescribeUploadAsync(blob);
    }

    private async Task<OrchestrationMetadata> PrepareAsync(VideoUpload upload, int segments)
    {
        var id = $"{upload.PersonId}:test:prepare";
        await Host.Client.ScheduleNewOrchestrationInstanceAsync(PrepareDatasetOrchestrator.Name,
            new PrepareDatasetInput(upload, new PrepareSettings(segments, Core.Audio.AudioFeatureKind.Mel)), new StartOrchestrationOptions { InstanceId = id });
        return await PipelineTestHost.WaitAsync(Host.Client, id, TimeSpan.FromMinutes(3));
    }

    [SkippableFact]
    public async Task Three_segments_fan_out_and_fan_in_to_the_same_dataset_the_cli_makes()
    {
        var clip = Scratch.File("prep-same.mp4");
        // A key frame each second, so the last segment (frames 108-149) really seeks: its decoding starts at 2 s.
        await ExternalTool.FfmpegAsync("-i", SharedAssets.Media("obama_20s.mp4"), "-t", "6", "-c:v", "libx264", "-preset", "veryfast",
            "-g", "25", "-c:a", "aac", clip);
        var upload = await UploadAsync(clip, "prep-same.mp4");

        var done = await PrepareAsync(upload, segments: 3);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        var result = done.ReadOutputAs<DatasetResult>()!;
        Assert.Equal(150, result.FrameCount);
        var datasets = Blobs.GetBlobContainerClient(Containers.Datasets);
        // Its own version folder, which the person's pointer names; the segment scratch is gone.
        Assert.Equal(DatasetBlobs.VersionFolder(upload), result.Folder);
        Assert.StartsWith("prep-same/v-", result.Folder.Name);
        var pointer = (await datasets.GetBlobClient("prep-same/current.json").DownloadContentAsync()).Value.Content.ToObjectFromJson<DatasetPointer>(PipelineJson.Options)!;
        Assert.Equal((result.Folder, 150, upload.Video), (pointer.Folder, pointer.FrameCount, pointer.Video));
        Assert.Empty(datasets.GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, ".segments/prep-same/", default));

        var reference = Path.Combine(Scratch.Path, "reference");
        await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(clip, reference);
        var expected = Directory.GetFiles(reference, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(reference, f)).Order().ToList();
        var actual = datasets.GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, result.Folder.Name, default).Select(b => b.Name[result.Folder.Name.Length..])
            .Where(n => n != "source.json").Order().ToList();
        Assert.Equal(expected, actual);

        foreach (var file in expected.Where(f => f != DatasetLayout.ManifestFileName))
        {
            var bytes = (await datasets.GetBlobClient($"{result.Folder.Name}{file}").DownloadContentAsync()).Value.Content.ToArray();
            Assert.True(File.ReadAllBytes(Path.Combine(reference, file)).AsSpan().SequenceEqual(bytes), $"{file} differs from the CLI's");
        }
        var manifest = JsonNode.Parse((await datasets.GetBlobClient($"{result.Folder.Name}dataset.json").DownloadContentAsync()).Value.Content.ToString())!.AsObject();
        var cliManifest = JsonNode.Parse(File.ReadAllText(Path.Combine(reference, "dataset.json")))!.AsObject();
        foreach (var timing in new[] { "stage_seconds", "created_utc" })
        {
            manifest.Remove(timing);
            cliManifest.Remove(timing);
        }
        Assert.Equal(cliManifest.ToJsonString(), manifest.ToJsonString());
    }

    [SkippableFact]
    public async Task A_video_without_audio_fails_with_the_reason_and_moves_to_rejected_with_a_report()
    {
        var clip = Scratch.File("prep-mute.mp4");
        await ExternalTool.FfmpegAsync("-i", SharedAssets.Media("obama_20s.mp4"), "-t", "2", "-an", "-c:v", "libx264", "-preset", "veryfast", clip);
        var upload = await UploadAsync(clip, "prep-mute.mp4");

        var done = await PrepareAsync(upload, segments: 2);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("no audio stream", done.FailureDetails!.ErrorMessage);
        Assert.False(await Blobs.GetBlobContainerClient(Containers.Videos).GetBlobClient("prep-mute.mp4").ExistsAsync());
        var rejected = Blobs.GetBlobContainerClient(Containers.Rejected);
        Assert.Equal(new FileInfo(clip).Length, (await rejected.GetBlobClient("prep-mute.mp4").GetPropertiesAsync()).Value.ContentLength);
        var report = JsonNode.Parse((await rejected.GetBlobClient("prep-mute.mp4.report.json").DownloadContentAsync()).Value.Content.ToString())!;
        Assert.Contains("no audio stream", (string)report["reason"]!);
        Assert.Equal("videos/prep-mute.mp4", (string)report["video"]!);
        Assert.Empty(Blobs.GetBlobContainerClient(Containers.Datasets).GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "prep-mute/", default));
    }
}
