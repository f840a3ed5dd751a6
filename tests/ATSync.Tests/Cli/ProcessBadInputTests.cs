using ATSync.Tests.Support;

namespace ATSync.Tests.Cli;

/// <summary>
/// `atsync process` on bad input, through the real command line: a clear one-line error naming the problem, a non-zero
/// exit, and nothing half-written in the output folder.
/// </summary>
public class ProcessBadInputTests
{
    private static async Task AssertFailsCleanly(TempDirectory temp, string expectedInMessage, params string[] arguments)
    {
        var output = temp.File("dataset");
        var result = await ExternalTool.AtsyncAsync(["process", .. arguments, "--out", output]);
        Assert.NotEqual(0, result.ExitCode);
        var errorLines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("atsync process:")).ToList();
        Assert.True(errorLines.Count == 1, $"expected one error line, stderr was:\n{result.StdErr}");
        Assert.Contains(expectedInMessage, errorLines[0], StringComparison.OrdinalIgnoreCase);
        if (Directory.Exists(output))
        {
            Assert.Empty(Directory.EnumerateFileSystemEntries(output));
        }
    }

    [Fact]
    public async Task MissingFile()
    {
        using var temp = new TempDirectory();
        await AssertFailsCleanly(temp, "no such file", temp.File("absent.mp4"));
    }

    [Fact]
    public async Task ZeroByteFile()
    {
        using var temp = new TempDirectory();
        var path = temp.File("empty.mp4");
        await File.WriteAllBytesAsync(path, []);
        await AssertFailsCleanly(temp, "empty", path);
    }

    [Fact]
    public async Task TruncatedMp4()
    {
        using var temp = new TempDirectory();
        var whole = temp.File("whole.mp4");
        await ExternalTool.FfmpegAsync("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=3",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-c:v", "libx264", "-c:a", "aac", "-shortest", whole);
        var bytes = await File.ReadAllBytesAsync(whole);
        var truncated = temp.File("truncated.mp4");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        await AssertFailsCleanly(temp, "truncated.mp4", truncated);
    }

    [Fact]
    public async Task AudioOnlyFile()
    {
        using var temp = new TempDirectory();
        var path = temp.File("speech.wav");
        await ExternalTool.FfmpegAsync("-f", "lavfi", "-i", "sine=frequency=300:duration=2", path);
        await AssertFailsCleanly(temp, "no video stream", path);
    }

    [Fact]
    public async Task VideoOnlyFileCannotMakeMelFeatures()
    {
        using var temp = new TempDirectory();
        var path = temp.File("silent.mp4");
        await ExternalTool.FfmpegAsync("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2", "-c:v", "libx264", path);
        await AssertFailsCleanly(temp, "no audio stream", path, "--asr", "mel");
    }

    [Fact]
    public async Task VideoWithNoFace()
    {
        using var temp = new TempDirectory();
        var path = temp.File("pattern.mp4");
        await ExternalTool.FfmpegAsync("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:v", "libx264", "-c:a", "aac", "-shortest", path);
        await AssertFailsCleanly(temp, "no face", path);
    }

    [Fact]
    public async Task UnreadableOnnxModel()
    {
        using var temp = new TempDirectory();
        var video = await MakeTalkingClipAsync(temp);
        var model = temp.File("garbage.onnx");
        await File.WriteAllBytesAsync(model, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray());
        await AssertFailsCleanly(temp, "garbage.onnx", video, "--asr", "hubert", "--hubert_model", model);
    }

    [SkippableFact]
    public async Task OnnxModelWithTheWrongSignature()
    {
        using var temp = new TempDirectory();
        var video = await MakeTalkingClipAsync(temp);
        var wenetModel = SharedAssets.Fixture("wenet_like.onnx");
        await AssertFailsCleanly(temp, "wenet_like.onnx", video, "--asr", "hubert", "--hubert_model", wenetModel);
    }

    [Fact]
    public async Task UnwritableOutputFolder()
    {
        using var temp = new TempDirectory();
        var video = await MakeTalkingClipAsync(temp);
        var blocker = temp.File("a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        // Root ignores permission bits, so make the output path impossible instead: a folder inside a regular file.
        var result = await ExternalTool.AtsyncAsync("process", video, "--out", Path.Combine(blocker, "dataset"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not writable", result.StdErr);
        Assert.Equal("not a folder", await File.ReadAllTextAsync(blocker));
    }

    /// <summary>A short clip with sound (no face needed: these runs must fail before face detection).</summary>
    private static async Task<string> MakeTalkingClipAsync(TempDirectory temp)
    {
        var path = temp.File("clip.mp4");
        await ExternalTool.FfmpegAsync("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=1",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:v", "libx264", "-c:a", "aac", "-shortest", path);
        return path;
    }
}
