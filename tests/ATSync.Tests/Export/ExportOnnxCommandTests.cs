using ATSync.Core.Export;
using ATSync.Tests.Support;
using ATSync.Worker.Cli;

namespace ATSync.Tests.Export;

/// <summary>`atsync export-onnx` writes a verified ONNX file and fails clearly on a bad checkpoint.</summary>
public sealed class ExportOnnxCommandTests
{
    [SkippableFact]
    public void WritesAnOnnxFileThatOnnxRuntimeRuns()
    {
        var checkpoint = SharedAssets.Fixture("ultralight_wenet.pth");
        var output = Path.Combine(Path.GetTempPath(), $"atsync-cli-{Guid.NewGuid():N}", "model.onnx");
        try
        {
            var exit = ExportOnnxCommand.Create().Parse(["--model_path", checkpoint, "--output", output]).Invoke();
            Assert.Equal(0, exit); // 0 also means the built-in ONNX-vs-TorchSharp check passed
            using var runner = new OnnxLipSyncRunner(File.ReadAllBytes(output), [128, 16, 32]);
            var result = runner.Run(new float[6 * 160 * 160], new float[128 * 16 * 32], 1);
            Assert.Equal(3 * 160 * 160, result.Length);
            Assert.All(result, v => Assert.InRange(v, 0f, 1f)); // sigmoid output
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
        }
    }

    [Fact]
    public void MissingCheckpointFailsWithItsPath()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"atsync-missing-{Guid.NewGuid():N}.pth");
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = ExportOnnxCommand.Create().Parse(["--model_path", missing, "--output", missing + ".onnx"]).Invoke();
            Assert.Equal(1, exit);
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains(missing, error.ToString());
        Assert.False(File.Exists(missing + ".onnx"));
    }
}
