using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Core.Faces;
using ATSync.Core.Model;
using ATSync.Core.Training;
using ATSync.Tests.Support;

namespace ATSync.Tests.Cli;

/// <summary>`atsync train` through the real command line: checkpoints in the specification's names, a model card,
/// resume, and one clear line for each kind of bad input.</summary>
public class TrainCommandTests
{
    private static async Task<string> ProcessGridClipAsync(TempDirectory temp)
    {
        var dataset = temp.File("dataset");
        await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(SharedAssets.Media("grid_bbaf2n.mpg"), dataset);
        return dataset;
    }

    [SkippableFact]
    public async Task TrainsResumesAndWritesAModelCard()
    {
        using var temp = new TempDirectory();
        var dataset = await ProcessGridClipAsync(temp);
        var save = temp.File("model");

        var first = await ExternalTool.AtsyncAsync("train", "--dataset_dir", dataset, "--save_dir", save,
            "--epochs", "1", "--batchsize", "8", "--lr", "0.001", "--asr", "mel", "--holdout_tail", "0.1");
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Contains("best_digital_model_0.pth", first.StdOut);
        foreach (var name in new[] { "best_digital_model_0.pth", "last.pth", ModelCard.FileName })
            Assert.True(File.Exists(Path.Combine(save, name)), $"{name} missing");
        using (var model = LipSyncCheckpoint.Load(Path.Combine(save, "best_digital_model_0.pth")))
            Assert.Equal(AudioFeatureKind.Mel, model.Audio);

        var card = ModelCard.Read(Path.Combine(save, ModelCard.FileName));
        Assert.Equal(AudioFeatureKind.Mel, card.Asr);
        Assert.Equal(LandmarkScheme.Ibug68, card.LandmarkScheme);
        Assert.Equal(160, card.CropSize);
        Assert.Equal(1, card.Training.EpochsCompleted);
        Assert.Equal(75, card.Dataset.Frames);
        Assert.Equal(8, card.Dataset.HeldOutFrames);
        Assert.StartsWith("sha256:", card.Dataset.Fingerprint);
        Assert.Single(card.History);
        Assert.True(card.History[0].ValidationPsnr > 5, $"psnr {card.History[0].ValidationPsnr}");

        var resumed = await ExternalTool.AtsyncAsync("train", "--dataset_dir", dataset, "--save_dir", save,
            "--epochs", "2", "--batchsize", "8", "--asr", "mel", "--holdout_tail", "0.1", "--resume", save);
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        var after = ModelCard.Read(Path.Combine(save, ModelCard.FileName));
        Assert.Equal(2, after.Training.EpochsCompleted);
        Assert.Equal(card.History[0], after.History[0]);
    }

    private static async Task AssertFailsWith(string expected, params string[] arguments)
    {
        var result = await ExternalTool.AtsyncAsync(["train", .. arguments]);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("atsync train:"));
        Assert.Contains(expected, line);
    }

    [SkippableFact]
    public async Task BadInputGivesOneClearLine()
    {
        using var temp = new TempDirectory();
        var dataset = await ProcessGridClipAsync(temp);
        var layout = new DatasetLayout(dataset);
        var save = temp.File("model");

        await AssertFailsWith("does not exist", "--dataset_dir", temp.File("absent"), "--save_dir", save);
        await AssertFailsWith("aud_hu.npy", "--dataset_dir", dataset, "--save_dir", save, "--asr", "hubert");

        var blocker = temp.File("a-file");
        await File.WriteAllTextAsync(blocker, "x");
        await AssertFailsWith("not writable", "--dataset_dir", dataset, "--save_dir", Path.Combine(blocker, "model"));

        var corrupt = temp.File("corrupt.pth");
        await File.WriteAllBytesAsync(corrupt, Enumerable.Repeat((byte)7, 1000).ToArray());
        await AssertFailsWith("corrupt.pth", "--dataset_dir", dataset, "--save_dir", save, "--epochs", "1", "--resume", corrupt);

        var badState = temp.File("bad-run");
        Directory.CreateDirectory(Path.Combine(badState, "resume"));
        await File.WriteAllTextAsync(Path.Combine(badState, "resume", "state.json"), "{ not json");
        await AssertFailsWith("not a readable training state", "--dataset_dir", dataset, "--save_dir", save, "--resume", badState);

        File.Move(layout.LandmarksPath(40), temp.File("40.lms"));
        await AssertFailsWith("40.lms is missing", "--dataset_dir", dataset, "--save_dir", save);
        File.Move(temp.File("40.lms"), layout.LandmarksPath(40));

        File.Delete(layout.FramePath(12));
        await AssertFailsWith("12.jpg is missing", "--dataset_dir", dataset, "--save_dir", save);
    }

    [Fact]
    public async Task BadMaxMinutesGivesOneClearLineBeforeAnyWork()
    {
        using var temp = new TempDirectory();
        // Checked before the dataset is even looked at: this one does not exist.
        foreach (var bad in new[] { "0", "-2", "soon" })
            await AssertFailsWith($"--max_minutes must be a positive number of minutes, e.g. 30 or 0.5 (got '{bad}')",
                "--dataset_dir", temp.File("absent"), "--save_dir", temp.File("model"), "--max_minutes", bad);
    }

    [SkippableFact]
    public async Task FrameAndFeatureCountMismatchIsRefused()
    {
        using var temp = new TempDirectory();
        var dataset = await ProcessGridClipAsync(temp);
        var layout = new DatasetLayout(dataset);
        var features = AudioFeatureFile.Load(layout.FeaturesPath(AudioFeatureKind.Mel), AudioFeatureKind.Mel);
        var shorter = features with { Data = features.Data[..(60 * features.RowLength)], Shape = [60, .. features.RowShape] };
        AudioFeatureFile.Save(shorter, layout.FeaturesPath(AudioFeatureKind.Mel));
        await AssertFailsWith("60 feature rows for 75 frames", "--dataset_dir", dataset, "--save_dir", temp.File("model"));
    }
}
