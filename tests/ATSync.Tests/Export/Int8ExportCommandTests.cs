using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Core.Export;
using ATSync.Core.Model;
using ATSync.Tests.Support;
using ATSync.Worker.Cli;

namespace ATSync.Tests.Export;

/// <summary>`atsync export-onnx --quantize int8`: calibrates on a processed dataset, or says it needs one.</summary>
public sealed class Int8ExportCommandTests
{
    [SkippableTheory]
    [InlineData(ModelProfile.Reference)]
    [InlineData(ModelProfile.Cpu)]
    public async Task CalibratesOnAProcessedDatasetAndWritesAnInt8ModelThatRuns(ModelProfile profile)
    {
        using var temp = new TempDirectory();
        var dataset = temp.File("dataset");
        await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(SharedAssets.Media("grid_bbaf2n.mpg"), dataset);
        var checkpoint = temp.File("model.pth");
        using (var fresh = new LipSyncNet(AudioFeatureKind.Mel, profile)) LipSyncCheckpoint.Save(fresh, checkpoint);
        var output = temp.File("model_int8.onnx");

        var exit = ExportOnnxCommand.Create().Parse(
            ["--model_path", checkpoint, "--output", output, "--quantize", "int8", "--calibration_dataset", dataset, "--calibration_frames", "6"]).Invoke();

        Assert.Equal(0, exit); // 0 also means the int8-vs-float PSNR check on other frames passed
        var bytes = File.ReadAllBytes(output);
        Assert.True(bytes.Length < new FileInfo(checkpoint).Length / 2.5, "the int8 file is not much smaller than the float checkpoint");
        using var runner = new OnnxLipSyncRunner(bytes, [32, 80]);
        var result = runner.Run(new float[6 * 160 * 160], new float[32 * 80], 1);
        Assert.All(result, v => Assert.InRange(v, 0f, 1f));
    }

    [SkippableFact]
    public void WithoutADatasetOrModelCardItAsksForOne()
    {
        using var temp = new TempDirectory();
        var checkpoint = temp.File("model.pth");
        File.Copy(SharedAssets.Fixture("ultralight_hubert.pth"), checkpoint);
        var output = temp.File("model_int8.onnx");
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = ExportOnnxCommand.Create().Parse(["--model_path", checkpoint, "--output", output, "--quantize", "int8"]).Invoke();
            Assert.Equal(1, exit);
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("--calibration_dataset", error.ToString());
        Assert.False(File.Exists(output));
    }
}
