using ATSync.Core.Inference;
using ATSync.Tests.Support;

namespace ATSync.Tests.Inference;

/// <summary>`atsync infer` through the real command line: a run's summary line and files, and one clear line (exit 1,
/// nothing written) for each kind of bad input.</summary>
public class InferCommandTests
{
    [SkippableFact]
    public async Task WritesTheVideoAndReportAndSaysWhere()
    {
        using var temp = new TempDirectory();
        // Silent audio keeps this fast (no frame needs the network); the renderer tests cover generation.
        var audio = await InferenceInputs.SilenceAsync(temp, 0.6);
        var output = temp.File("out.mp4");
        var result = await ExternalTool.AtsyncAsync("infer", "--input_video", InferenceInputs.GridVideo, "--input_audio", audio,
            "--model_path", InferenceInputs.MelModel(temp), "--output_path", output, "--batch_size", "8");
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains($"video: {output} (15 frames, 15 silent", result.StdOut);
        Assert.True(File.Exists(output));
        var report = InferenceReport.Read(output + ".report.json");
        Assert.Equal(15, report.Frames);
        Assert.Equal("mel", report.Asr);
    }

    [SkippableFact]
    public async Task BadInputGivesOneClearLineAndNoOutput()
    {
        using var temp = new TempDirectory();
        var model = InferenceInputs.MelModel(temp);
        var video = InferenceInputs.GridVideo;
        var speech = await InferenceInputs.ToneAsync(temp, 0.5);
        var output = temp.File("out/out.mp4");

        var empty = temp.File("empty.wav");
        await File.WriteAllBytesAsync(empty, []);
        await AssertFailsWith("empty.wav", "--input_video", video, "--input_audio", empty, "--model_path", model, "--output_path", output);

        var blip = temp.File("blip.wav");
        await ExternalTool.FfmpegAsync("-f", "lavfi", "-i", "sine=frequency=300:sample_rate=16000:duration=0.02", blip);
        await AssertFailsWith("shorter than one video frame", "--input_video", video, "--input_audio", blip, "--model_path", model, "--output_path", output);

        var mute = temp.File("mute.mp4");
        await ExternalTool.FfmpegAsync("-i", video, "-t", "1", "-an", "-c:v", "libx264", mute);
        await AssertFailsWith("has no audio stream", "--input_video", video, "--input_audio", mute, "--model_path", model, "--output_path", output);

        await AssertFailsWith("trained on mel features", "--input_video", video, "--input_audio", speech, "--model_path", model,
            "--output_path", output, "--asr", "hubert");

        var blocker = temp.File("a-file");
        await File.WriteAllTextAsync(blocker, "x");
        await AssertFailsWith("cannot be written", "--input_video", video, "--input_audio", speech, "--model_path", model,
            "--output_path", Path.Combine(blocker, "out.mp4"));

        var corrupt = temp.File("corrupt.mp4");
        await File.WriteAllBytesAsync(corrupt, Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        await AssertFailsWith("corrupt.mp4", "--input_video", corrupt, "--input_audio", speech, "--model_path", model, "--output_path", output);

        Assert.False(File.Exists(output));
        var folder = Path.GetDirectoryName(output)!;
        Assert.True(!Directory.Exists(folder) || Directory.GetFileSystemEntries(folder).Length == 0,
            $"left behind: {string.Join(", ", Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder) : [])}");
    }

    private static async Task AssertFailsWith(string expected, params string[] arguments)
    {
        var result = await ExternalTool.AtsyncAsync(["infer", .. arguments]);
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.StdErr}");
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines, l => l.StartsWith("atsync infer: error: "));
        Assert.Contains(expected, line);
    }
}
