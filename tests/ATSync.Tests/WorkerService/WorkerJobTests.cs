using System.Text.Json;
using ATSync.Core.Evaluation;
using ATSync.Core.Inference;
using ATSync.Core.Training;
using ATSync.Tests.Support;
using ATSync.Worker.Client;
using ATSync.Worker.Service;
using Xunit.Abstractions;

namespace ATSync.Tests.WorkerService;

/// <summary>
/// The worker end to end over loopback HTTP and a real Azurite, in one scenario (training is the slow part, so it is
/// done once): a 2-epoch train job; the worker is killed (SIGKILL) once the first epoch is saved and started again; the
/// job resumes from that epoch as attempt 2 and ends with one complete model and no leftovers; its outcome is POSTed
/// to the callback (which refuses the first tries). Then an infer job with that model renders a video into blob storage.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class WorkerJobTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task TrainSurvivesAKilledWorkerThenInferRendersWithTheModel()
    {
        var (video, dataset) = await WorkerTestMedia.GetAsync();
        using var storage = new WorkerTestStorage(fixture.Azurite, "wjob");
        var datasetUri = await storage.UploadFolderAsync(storage.Datasets, "anna", dataset);
        var videoUri = await storage.UploadFileAsync(storage.Videos, "anna/clip.mp4", video);
        using var callbacks = new CallbackReceiver(failures: 2);
        const string folder = "anna/train-anna-1/";

        var train = new JobSpec("train-anna-1", JobKind.Train,
            new Dictionary<string, string> { [JobRoles.Dataset] = datasetUri },
            new Dictionary<string, string> { [JobRoles.Model] = storage.Uri(storage.Models, folder) },
            new Dictionary<string, string> { ["epochs"] = "2", ["batchsize"] = "8", ["asr"] = "mel", ["holdout_tail"] = "0.5" },
            callbacks.Url);

        var first = await WorkerProcess.StartAsync(storage);
        string firstLog;
        try
        {
            var submitted = await first.Client.SubmitAsync(train);
            Assert.Equal(JobState.Queued, submitted.State);
            var again = await first.Client.SubmitAsync(train); // the same job, not a second one
            Assert.Equal(submitted.Timings.SubmittedAt, again.Timings.SubmittedAt);

            // Kill the worker as soon as epoch 1's resumable state is safe in blob storage (its pointer written; epoch 2
            // is then under way).
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (!(await storage.ListAsync(storage.Models, folder)).Contains($"{folder}.partial/{TrainingCheckpointSync.PointerFile}"))
            {
                var status = await first.Client.GetAsync(train.Id);
                Assert.False(status!.State.IsFinal(), $"the job ended before it could be interrupted: {status.State} {status.Error}\n{first.Log}");
                Assert.True(DateTime.UtcNow < deadline, $"epoch 1 was not saved in time\n{first.Log}");
                await Task.Delay(200);
            }
        }
        finally
        {
            first.Kill();
            firstLog = first.Log;
            await first.DisposeAsync();
        }
        var killed = await storage.ListAsync(storage.Models, folder);
        Assert.DoesNotContain($"{folder}{ModelCard.FileName}", killed); // nothing that looks complete

        await using var worker = await WorkerProcess.StartAsync(storage);
        using var showLog = new LogOnDispose(output, () => $"first worker:\n{firstLog}\nrestarted worker:\n{worker.Log}");
        var trained = await worker.WaitForFinalAsync(train.Id, TimeSpan.FromMinutes(4));
        Assert.True(trained.State == JobState.Succeeded, $"{trained.State}: {trained.Error}\n{firstLog}\n---\n{worker.Log}");
        Assert.Equal(2, trained.Attempt);
        Assert.Equal(1.0, trained.Progress);
        Assert.NotNull(trained.Timings.FinishedAt);
        var record = await ReadRecordAsync(storage, train.Id);
        Assert.Equal(1, record.GetProperty("resumedFromEpoch").GetInt32()); // resumed, not started over

        var modelUri = trained.Results![JobRoles.Model];
        Assert.Equal(storage.Uri(storage.Models, folder + "best_digital_model_0.pth"), modelUri);
        var modelBlobs = await storage.ListAsync(storage.Models, folder);
        foreach (var name in new[] { "best_digital_model_0.pth", "last.pth", ModelCard.FileName, "resume/state.json" })
            Assert.Contains(folder + name, modelBlobs);
        Assert.DoesNotContain(modelBlobs, n => n.Contains("/.partial/"));
        var cardBlob = storage.Service.GetBlobContainerClient(storage.Models).GetBlobClient(folder + ModelCard.FileName);
        var card = JsonSerializer.Deserialize<ModelCard>((await cardBlob.DownloadContentAsync()).Value.Content.ToString(), ModelCard.JsonOptions)!;
        Assert.Equal(2, card.Training.EpochsCompleted);
        Assert.Equal([1, 2], card.History.Select(e => e.Epoch));
        Assert.Equal(WorkerTestMedia.Frames, card.Dataset.Frames);
        // holdout_tail 0.5: the best checkpoint was scored on the held-out half, report and contact sheet beside it.
        Assert.Equal(storage.Uri(storage.Models, folder + TrainJobExecutor.EvalReportFile), trained.Results[JobRoles.EvalReport]);
        Assert.Equal(storage.Uri(storage.Models, folder + TrainJobExecutor.ContactSheetFile), trained.Results[JobRoles.ContactSheet]);
        var models = storage.Service.GetBlobContainerClient(storage.Models);
        var evalJson = (await models.GetBlobClient(folder + TrainJobExecutor.EvalReportFile).DownloadContentAsync()).Value.Content.ToString();
        var evalReport = JsonSerializer.Deserialize<EvaluationReport>(evalJson, EvaluationReport.JsonOptions)!;
        Assert.Equal(card.Dataset.HeldOutFrames, evalReport.HeldOutCount);
        Assert.Equal(WorkerTestMedia.Frames - card.Dataset.HeldOutFrames, evalReport.HeldOutFirst);
        var sheet = (await models.GetBlobClient(folder + TrainJobExecutor.ContactSheetFile).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, sheet[..4]);

        // The callback was refused twice and then accepted: the worker retried. Exactly one outcome arrived.
        var trainCallback = await callbacks.WaitForAsync(train.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Succeeded, trainCallback.State);
        Assert.Equal(modelUri, trainCallback.Results![JobRoles.Model]);
        Assert.True(callbacks.Posts >= 3, $"{callbacks.Posts} POSTs");
        Assert.Single(callbacks.Accepted, s => s.Id == train.Id);

        var infer = new JobSpec("infer-anna-1", JobKind.Infer,
            new Dictionary<string, string> { [JobRoles.Video] = videoUri, [JobRoles.Audio] = videoUri, [JobRoles.Model] = modelUri },
            new Dictionary<string, string> { [JobRoles.Result] = storage.Uri(storage.Results, "infer-anna-1/result.mp4") },
            new Dictionary<string, string> { ["batch_size"] = "8" },
            callbacks.Url);
        await worker.Client.SubmitAsync(infer);
        var rendered = await worker.WaitForFinalAsync(infer.Id, TimeSpan.FromMinutes(3));
        Assert.True(rendered.State == JobState.Succeeded, $"{rendered.State}: {rendered.Error}\n{worker.Log}");
        Assert.Equal(1, rendered.Attempt);
        Assert.Equal(storage.Uri(storage.Results, "infer-anna-1/result.mp4"), rendered.Results![JobRoles.Result]);
        var results = storage.Service.GetBlobContainerClient(storage.Results);
        var mp4 = await results.GetBlobClient("infer-anna-1/result.mp4").GetPropertiesAsync();
        Assert.True(mp4.Value.ContentLength > 5_000, $"result.mp4 is {mp4.Value.ContentLength} bytes");
        Assert.Equal("video/mp4", mp4.Value.ContentType);
        var reportJson = (await results.GetBlobClient("infer-anna-1/result.mp4.report.json").DownloadContentAsync()).Value.Content.ToString();
        var report = JsonSerializer.Deserialize<InferenceReport>(reportJson, InferenceReport.JsonOptions)!;
        Assert.InRange(report.Frames, WorkerTestMedia.Frames, WorkerTestMedia.Frames + 2); // the AAC track runs a little longer

        var inferCallback = await callbacks.WaitForAsync(infer.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Succeeded, inferCallback.State);
        Assert.Equal(rendered.Results, inferCallback.Results);
    }

    private static async Task<JsonElement> ReadRecordAsync(WorkerTestStorage storage, string id)
    {
        var blob = storage.Service.GetBlobContainerClient(storage.JobsContainer).GetBlobClient($"{id}.json");
        return JsonDocument.Parse((await blob.DownloadContentAsync()).Value.Content.ToString()).RootElement.Clone();
    }
}
