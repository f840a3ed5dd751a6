using ATSync.Core.Mouth;
using ATSync.Core.Datasets;
using ATSync.Core.Evaluation;
using ATSync.Core.Faces;
using ATSync.Core.Training;
using ATSync.Tests.Support;
using OpenCvSharp;

namespace ATSync.Tests.Evaluation;

/// <summary>`atsync eval` through the real command line on a tiny real-face dataset trained one epoch with
/// --holdout_tail 0.2; bad input gives one clear line, exit 1 and no report.</summary>
public class EvalCommandTests(TinyGridDataset tiny) : IClassFixture<TinyGridDataset>
{
    [SkippableFact]
    public async Task ScoresExactlyTheHeldOutTailAgainstBothBaselinesAndWritesTheContactSheet()
    {
        using var temp = new TempDirectory();
        string report = temp.File("out/report.json"), sheet = temp.File("out/sheet.png");
        var result = await EvalAsync(report, sheet, "--samples", "3");
        Assert.Contains("frames 20..24 (5 held out)", result.StdOut);

        var card = ModelCard.Read(ModelCard.PathBeside(tiny.ModelPath));
        Assert.Equal(5, card.Dataset.HeldOutFrames);
        var scores = EvaluationReport.Read(report);
        Assert.Equal((20, 5, TinyGridDataset.Frames), (scores.HeldOutFirst, scores.HeldOutCount, scores.DatasetFrames));
        var evaluated = scores.Frames.Select(f => f.Frame).ToArray();
        Assert.Equal([20, 21, 22, 23, 24], evaluated);
        // Each frame's reference: a training frame nearest in head pose, never one beside it in time.
        Assert.Equal(("pose", (int?)null), (scores.References, scores.ReferenceFrame));
        Assert.All(scores.Frames, f => Assert.True(f.Reference < 20 && f.Frame - f.Reference >= PoseNeighbours.MinimumFrameGap, $"{f.Frame}: {f.Reference}"));
        // None of them is a frame the trainer drew batches or references from (TrainingJob's split for 0.2).
        var dataset = await DatasetReader.ReadAsync(tiny.Directory);
        using (var training = new TrainingSet(new byte[TinyGridDataset.Frames * TrainingSet.CropBytes], dataset.Features,
                   HoldoutSplit.Tail(TinyGridDataset.Frames, 0.2)))
            Assert.Empty(training.TrainFrames.Intersect(evaluated));

        Assert.Equal(new[] { MouthBaselines.Model, MouthBaselines.ReferencePaste, MouthBaselines.MeanMouth }.Order(), scores.Scores.Keys.Order());
        Assert.Equal(5, scores.RealFacesDetected);
        foreach (var (method, s) in scores.Scores)
        {
            Assert.True(s.Psnr is > 5 and < ImageMetrics.PsnrCap, $"{method} psnr {s.Psnr}");
            Assert.True(s.Ssim is > 0 and < 1, $"{method} ssim {s.Ssim}");
            Assert.True(s.Lmd is > 0 and < 1, $"{method} lmd {s.Lmd}");
            Assert.True(s.SeamExcess is not null, method);
        }
        Assert.Empty(scores.Warnings);

        Assert.Equal(Path.GetFullPath(sheet), scores.ContactSheet);
        Assert.Equal([20, 22, 24], scores.ContactSheetFrames);
        using var image = Cv2.ImRead(sheet, ImreadModes.Color);
        Assert.Equal(ContactSheet.SizeFor(3), image.Size());
        using var frame = Cv2.ImRead(dataset.Layout.FramePath(20), ImreadModes.Color);
        using var realCrop = FaceCropRegion.FromLandmarks(dataset.Landmarks[20], dataset.Scheme).CutNetworkInput(frame);
        using var realTile = new Mat(image, ContactSheet.TileRect(0, 0));
        Assert.Equal(0, Cv2.Norm(realTile, realCrop, NormTypes.INF));
        Assert.Empty(Directory.GetFiles(temp.File("out"), "*.partial"));
    }

    [SkippableFact]
    public async Task AFixedReferenceFrameServesEveryHeldOutFrame()
    {
        using var temp = new TempDirectory();
        var report = temp.File("report.json");
        var result = await EvalAsync(report, temp.File("sheet.png"), "--reference_frame", "3");
        Assert.Contains("reference frame 3", result.StdOut);
        var scores = EvaluationReport.Read(report);
        Assert.Equal(("fixed", (int?)3), (scores.References, scores.ReferenceFrame));
        Assert.All(scores.Frames, f => Assert.Equal(3, f.Reference));
    }

    /// <summary>`atsync eval` of the tiny model that must succeed.</summary>
    private async Task<ExternalTool.Result> EvalAsync(string report, string sheet, params string[] options)
    {
        SharedAssets.Media("grid_bbaf2n.mpg");
        var result = await ExternalTool.AtsyncAsync(["eval", "--dataset_dir", tiny.Directory, "--model_path", tiny.ModelPath,
            "--output", report, "--contact_sheet", sheet, .. options]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        return result;
    }

    private async Task AssertFailsWith(string expected, params string[] arguments)
    {
        using var temp = new TempDirectory();
        string report = temp.File("report.json"), sheet = temp.File("sheet.png");
        var result = await ExternalTool.AtsyncAsync(["eval", .. arguments, "--output", report, "--contact_sheet", sheet]);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("atsync eval:"));
        Assert.Contains(expected, line);
        Assert.Empty(Directory.GetFiles(temp.Path)); // no report, no sheet, no partial file
    }

    [SkippableFact]
    public async Task BadInputGivesOneClearLineAndNoReport()
    {
        SharedAssets.Media("grid_bbaf2n.mpg");
        using var temp = new TempDirectory();
        await AssertFailsWith("does not exist", "--dataset_dir", temp.File("absent"), "--model_path", tiny.ModelPath);
        await AssertFailsWith("does not exist", "--dataset_dir", tiny.Directory, "--model_path", temp.File("absent.pth"));
        await AssertFailsWith("trained on mel features", "--dataset_dir", tiny.Directory, "--model_path", tiny.ModelPath, "--asr", "hubert");
        await AssertFailsWith("at most the last 5 frames", "--dataset_dir", tiny.Directory, "--model_path", tiny.ModelPath, "--holdout_tail", "0.5");
        await AssertFailsWith("not a training frame", "--dataset_dir", tiny.Directory, "--model_path", tiny.ModelPath, "--reference_frame", "22");

        // A model trained with nothing held out (its card says so): there is nothing it has not seen.
        var copy = temp.File("no-holdout");
        Directory.CreateDirectory(copy);
        File.Copy(tiny.ModelPath, Path.Combine(copy, "best_digital_model_0.pth"));
        var mouth = MouthShapeModel.PathBeside(tiny.ModelPath); // a CPU-profile model's first stage goes with it
        if (File.Exists(mouth)) File.Copy(mouth, Path.Combine(copy, MouthShapeModel.FileName));
        var card = ModelCard.Read(ModelCard.PathBeside(tiny.ModelPath));
        (card with { Dataset = card.Dataset with { HeldOutFrames = 0 } }).Write(Path.Combine(copy, ModelCard.FileName));
        await AssertFailsWith("no frames were held out", "--dataset_dir", tiny.Directory, "--model_path", Path.Combine(copy, "best_digital_model_0.pth"));
    }

    [SkippableFact]
    public async Task AResumedRunWithALongerTailKeepsTheFramesItsFirstRunTrainedOnOutOfEval()
    {
        SharedAssets.Media("grid_bbaf2n.mpg");
        using var temp = new TempDirectory();
        // 10 frames keep the two short training runs quick.
        var data = temp.File("ten");
        TinyGridDataset.CopyFirst(tiny.Directory, data, 10);
        var save = temp.File("model");
        var first = await TrainingJob.RunAsync(new TrainingJobOptions
        {
            DatasetDirectory = data, SaveDirectory = save, Epochs = 1, BatchSize = 8, HoldoutTail = 0.1,
        });
        Assert.Equal(1, first.Dataset.HeldOutFrames);
        // The second run holds out 3 frames, but frames 7 and 8 were trained on in the first.
        var resumed = await TrainingJob.RunAsync(new TrainingJobOptions
        {
            DatasetDirectory = data, SaveDirectory = save, Epochs = 2, BatchSize = 8, HoldoutTail = 0.3, Resume = save,
        });
        Assert.Equal(2, resumed.Training.EpochsCompleted);
        Assert.Equal(1, resumed.Dataset.HeldOutFrames);
        var dataset = await DatasetReader.ReadAsync(data);
        var frames = HeldOutFrames.Resolve(dataset, ModelCard.Read(Path.Combine(save, ModelCard.FileName)), save, null, []);
        Assert.Equal((9, 1), (frames.First, frames.Count));
    }
}
