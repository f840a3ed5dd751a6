using ATSync.Core.Training;
using ATSync.Tests.Support;
using ATSync.Worker.Service;
using Microsoft.Extensions.Logging.Abstractions;

namespace ATSync.Tests.WorkerService;

/// <summary>
/// The resumable state a training saves between epochs, against a real Azurite: each save is its own set and the
/// pointer is written last, so an upload cut off part-way (new weights, no pointer) is never read: the retry resumes
/// from the last whole set, weights and epoch counter together, with the best checkpoint from the set that has it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TrainingCheckpointSyncTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task A_cut_off_upload_is_never_resumed_from_and_sets_no_pointer_needs_are_deleted()
    {
        using var storage = new WorkerTestStorage(fixture.Azurite, "wckpt");
        var outputs = new BlobOutputWriter(storage.Service);
        await storage.Service.GetBlobContainerClient(storage.Models).CreateIfNotExistsAsync();
        var partial = new BlobLocation(new Uri(storage.Uri(storage.Models, "p/job/.partial/")), storage.Models, "p/job/.partial/");
        using var run = new TempDirectory();
        var sync = new TrainingCheckpointSync(outputs, run.Path, partial, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance, "job");

        void Save(int epoch, bool newBest)
        {
            Directory.CreateDirectory(Path.Combine(run.Path, "resume"));
            File.WriteAllText(Path.Combine(run.Path, "resume", "model.pth"), $"weights {epoch}");
            File.WriteAllText(Path.Combine(run.Path, "resume", "state.json"), $"next epoch {epoch}");
            if (newBest)
            {
                File.WriteAllText(Path.Combine(run.Path, TrainingCheckpointSync.BestCheckpoint), $"best {epoch}");
                File.SetLastWriteTimeUtc(Path.Combine(run.Path, TrainingCheckpointSync.BestCheckpoint), DateTime.UtcNow.AddSeconds(epoch));
            }
            sync.EpochSaved(new EpochSummary(epoch, 0.1, 20, 0.5), CancellationToken.None);
        }

        // Nothing saved yet: nothing to resume.
        using (var empty = new TempDirectory())
            Assert.False(await new TrainingCheckpointSync(outputs, empty.Path, partial, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance, "job")
                .DownloadSavedAsync(CancellationToken.None));

        Save(1, newBest: true);
        Save(2, newBest: false);
        // Epoch 3's upload is cut off after the weights: they are in storage, the pointer still names epoch 2.
        await storage.Service.GetBlobContainerClient(storage.Models).GetBlobClient("p/job/.partial/e000003/resume/model.pth")
            .UploadAsync(BinaryData.FromString("weights 3"));

        using var retry = new TempDirectory();
        var resumed = new TrainingCheckpointSync(outputs, retry.Path, partial, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance, "job");
        Assert.True(await resumed.DownloadSavedAsync(CancellationToken.None));
        Assert.Equal("weights 2", File.ReadAllText(Path.Combine(retry.Path, "resume", "model.pth")));
        Assert.Equal("next epoch 2", File.ReadAllText(Path.Combine(retry.Path, "resume", "state.json")));
        Assert.Equal("best 1", File.ReadAllText(Path.Combine(retry.Path, TrainingCheckpointSync.BestCheckpoint)));
        Assert.Equal("weights 2", File.ReadAllText(Path.Combine(retry.Path, TrainingCheckpointSync.LastCheckpoint)));

        // Epoch 1's set still holds the best, so it stays; once a newer best is saved, sets 1 and 2 go.
        var names = await storage.ListAsync(storage.Models, "p/job/.partial/");
        Assert.Contains("p/job/.partial/e000001/best_digital_model_0.pth", names);
        Assert.Contains("p/job/.partial/e000002/resume/state.json", names);
        Save(4, newBest: true);
        names = await storage.ListAsync(storage.Models, "p/job/.partial/");
        Assert.DoesNotContain(names, n => n.StartsWith("p/job/.partial/e000001/") || n.StartsWith("p/job/.partial/e000002/"));
        Assert.Contains("p/job/.partial/e000004/best_digital_model_0.pth", names);
        Assert.Contains("p/job/.partial/current.json", names);
    }
}
