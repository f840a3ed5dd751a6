using ATSync.Core.Evaluation;
using ATSync.Core.Model;
using ATSync.Core.Mouth;
using ATSync.Core.Training;
using ATSync.Tests.Evaluation;
using ATSync.Tests.Support;

namespace ATSync.Tests.Cli;

/// <summary>
/// Each profile goes the whole way: `atsync train --profile P` -> .pth (profile read back from the weights) -> infer
/// with TorchSharp -> export-onnx float and int8 into another folder -> infer on each ONNX file alone -> eval.
/// </summary>
public sealed class ProfileRoundTripTests(TinyGridDataset tiny) : IClassFixture<TinyGridDataset>
{
    [SkippableTheory]
    [InlineData("cpu")]
    [InlineData("reference")]
    public async Task TrainsInfersExportsAndEvaluates(string profile)
    {
        var audio = SharedAssets.Media("speech_8s_stereo.wav");
        SharedAssets.Media("grid_bbaf2n.mpg");
        using var temp = new TempDirectory();
        var models = temp.File("model");
        await Run("train", "--dataset_dir", tiny.Directory, "--save_dir", models, "--epochs", "1", "--batchsize", "8",
            "--asr", "mel", "--holdout_tail", "0.2", "--profile", profile);
        var checkpoint = Path.Combine(models, "best_digital_model_0.pth");
        var expected = profile == "cpu" ? ModelProfile.Cpu : ModelProfile.Reference;
        Assert.Equal(expected, ModelCard.Read(ModelCard.PathBeside(checkpoint)).Profile);
        using (var loaded = LipSyncCheckpoint.Load(checkpoint)) Assert.Equal(expected, loaded.Profile);
        Assert.Equal(expected == ModelProfile.Cpu, File.Exists(MouthShapeModel.PathBeside(checkpoint)));

        var video = Path.Combine(tiny.Work, "tiny.mp4");
        if (!File.Exists(video))
            await ExternalTool.FfmpegAsync("-y", "-v", "error", "-i", SharedAssets.Media("grid_bbaf2n.mpg"), "-t", "1", video);
        await Run("infer", "--input_video", video, "--input_audio", audio, "--model_path", checkpoint,
            "--output_path", temp.File("torch.mp4"), "--batch_size", "8");

        var exported = temp.File("exported");
        Directory.CreateDirectory(exported);
        var onnx = Path.Combine(exported, "model.onnx");
        var int8 = Path.Combine(exported, "model_int8.onnx");
        await Run("export-onnx", "--model_path", checkpoint, "--output", onnx);
        await Run("export-onnx", "--model_path", checkpoint, "--output", int8, "--quantize", "int8", "--calibration_frames", "6");
        // The CPU profile's first stage travels with the export: infer on the ONNX file alone finds it.
        Assert.Equal(expected == ModelProfile.Cpu, File.Exists(MouthShapeModel.PathBeside(onnx)));
        foreach (var model in new[] { onnx, int8 })
            await Run("infer", "--input_video", video, "--input_audio", audio, "--model_path", model,
                "--output_path", temp.File(Path.GetFileNameWithoutExtension(model) + ".mp4"), "--batch_size", "8");

        var report = temp.File("eval.json");
        await Run("eval", "--dataset_dir", tiny.Directory, "--model_path", checkpoint, "--output", report, "--samples", "2");
        var scores = EvaluationReport.Read(report);
        Assert.Equal(5, scores.HeldOutCount);
        Assert.InRange(scores.Scores[MouthBaselines.Model].Psnr, 5, ImageMetrics.PsnrCap - 1);
    }

    [SkippableFact]
    public async Task ACpuProfileModelWithoutItsMouthModelIsRefusedInOneLine()
    {
        SharedAssets.Media("grid_bbaf2n.mpg");
        using var temp = new TempDirectory();
        var models = temp.File("model");
        await Run("train", "--dataset_dir", tiny.Directory, "--save_dir", models, "--epochs", "1", "--asr", "mel",
            "--holdout_tail", "0.2", "--profile", "cpu");
        File.Delete(Path.Combine(models, MouthShapeModel.FileName));
        var result = await ExternalTool.AtsyncAsync("eval", "--dataset_dir", tiny.Directory,
            "--model_path", Path.Combine(models, "best_digital_model_0.pth"), "--output", temp.File("eval.json"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(MouthShapeModel.FileName, result.StdErr);
        Assert.False(File.Exists(temp.File("eval.json")));
    }

    private static async Task Run(params string[] arguments)
    {
        var result = await ExternalTool.AtsyncAsync(arguments);
        Assert.True(result.ExitCode == 0, $"atsync {string.Join(' ', arguments)}: {result.StdErr}");
    }
}
