using ATSync.Pipeline;
using ATSync.Pipeline.Orchestrators;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Starting;
using ATSync.Pipeline.Storage;
using ATSync.Tests.Support;
using ATSync.Worker.Client;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace ATSync.Tests.Functions;

/// <summary>
/// Two videos of one person uploaded at once run two PersonPipelines side by side (real Durable Task worker, Azurite,
/// ffmpeg and face models; a scripted GPU worker): each builds its own complete dataset version from its own video,
/// and each training is given its own dataset, never the other's or a mix. A video replaced while its pipeline runs
/// stops that pipeline instead of feeding it the new bytes.
/// </summary>
[Collection(FunctionsAzuriteCollection.Name)]
public sealed class ConcurrentUploadsTests(AzuriteFixture azurite) : PipelineOrchestrationTest(azurite)
{
    private async Task<VideoUpload> UploadAsync(string blobName, double start, double seconds)
    {
        var clip = Scratch.File(blobName.Replace('/', '_'));
        await ExternalTool.FfmpegAsync("-ss", $"{start}", "-i", SharedAssets.Media("obama_20s.mp4"), "-t", $"{seconds}",
            "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", clip);
        var blob = Blobs.GetBlobContainerClient(Containers.Videos).GetBlobClient(blobName);
        await blob.UploadAsync(clip, overwrite: true);
        return await PipelineStarter.DescribeUploadAsync(blob);
    }

    private async Task<string> StartAsync(VideoUpload upload)
    {
        var instanceId = PipelineIds.ForVideo(upload);
        var wait = new WaitSettings(null, TimeSpan.FromHours(1), TimeSpan.FromHours(2));
        await Host.Client.ScheduleNewOrchestrationInstanceAsync(PersonPipelineOrchestrator.Name,
            new PersonPipelineInput(upload, new PrepareSettings(2, Core.Audio.AudioFeatureKind.Mel),
                new TrainSettings(new Dictionary<string, string> { ["epochs"] = "1" }, wait)),
            new StartOrchestrationOptions { InstanceId = instanceId });
        return instanceId;
    }

    [SkippableFact]
    public async Task Two_uploads_of_one_person_at_once_make_two_complete_datasets_and_each_training_gets_its_own()
    {
        var a = await UploadAsync("twice/a.mp4", start: 0, seconds: 2);
        var b = await UploadAsync("twice/b.mp4", start: 5, seconds: 3);
        await Task.WhenAll(StartAsync(a), StartAsync(b));

        // Both reach their training (then wait an hour for it): two submissions.
        await PipelineTestHost.UntilAsync(() => Worker.Submissions.Count >= 2, TimeSpan.FromMinutes(4), "both trainings to be submitted");
        var datasets = Blobs.GetBlobContainerClient(Containers.Datasets);
        var storage = new PipelineStorage(Blobs, Scratch.Path);
        var folders = new Dictionary<string, BlobRef>();
        foreach (var (upload, frames) in new[] { (a, 50), (b, 75) })
        {
            var folder = DatasetBlobs.VersionFolder(upload);
            folders[upload.Video.Name] = folder;
            var manifest = await storage.ReadJsonAsync<Core.Datasets.DatasetManifest>(DatasetBlobs.Manifest(folder), Core.Datasets.DatasetManifest.JsonOptions);
            Assert.NotNull(manifest);
            Assert.Equal(frames, manifest.FrameCount);
            Assert.Equal(Path.GetFileName(upload.Video.Name), manifest.Source.FileName);
            // Exactly its own frames and landmarks: none of the other video's (a 75-frame video would leave 50..74).
            Assert.Equal(frames, datasets.GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, folder.Name + "full_body_img/", default).Count());
            Assert.Equal(frames, datasets.GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, folder.Name + "landmarks/", default).Count());
            var source = await storage.ReadJsonAsync<Pipeline.Activities.DatasetSource>(DatasetBlobs.Source(folder));
            Assert.Equal(upload.Video, source!.Video);
        }
        Assert.NotEqual(folders["twice/a.mp4"], folders["twice/b.mp4"]);

        // Each pipeline's training names its own upload's dataset.
        Assert.Equal(2, Worker.Submissions.Count);
        foreach (var (upload, name) in new[] { (a, "twice/a.mp4"), (b, "twice/b.mp4") })
        {
            var job = PipelineIds.JobIdFor(PipelineIds.ForVideo(upload), "train");
            var submission = Assert.Single(Worker.Submissions, s => s.Id == job);
            Assert.Equal(folders[name].Name.TrimEnd('/'), new BlobUriBuilder(new Uri(submission.Inputs[JobRoles.Dataset])).BlobName.TrimEnd('/'));
        }
        // The person's current dataset is one of the two complete versions.
        var pointer = await storage.ReadJsonAsync<DatasetPointer>(DatasetBlobs.Pointer("twice"));
        Assert.Contains(pointer!.Folder, folders.Values);
    }

    [SkippableFact]
    public async Task A_video_replaced_by_other_bytes_while_its_pipeline_runs_stops_that_pipeline()
    {
        var first = await UploadAsync("swap/take.mp4", start: 0, seconds: 2);
        // The blob now holds other bytes; the first pipeline starts late (as a queued trigger would) and must not read them.
        await UploadAsync("swap/take.mp4", start: 6, seconds: 2);
        var instanceId = await StartAsync(first);

        var done = await PipelineTestHost.WaitAsync(Host.Client, instanceId, TimeSpan.FromMinutes(2));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("replaced by a newer upload", done.FailureDetails!.ErrorMessage);
        Assert.Empty(Worker.Submissions);
        Assert.Empty(Blobs.GetBlobContainerClient(Containers.Datasets).GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, DatasetBlobs.VersionFolder(first).Name, default));
    }
}
