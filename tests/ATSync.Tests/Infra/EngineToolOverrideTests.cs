using ATSync.Core.Media;
using ATSync.Tests.Support;

namespace ATSync.Tests.Infra;

/// <summary>Runs alone: it sets ATSYNC_FFMPEG_DIR for the whole test process, which other tests' ffmpeg calls would see.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>The engine's own ffmpeg/ffprobe calls (not just doctor) start the tools from ATSYNC_FFMPEG_DIR.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public class EngineToolOverrideTests
{
    [SkippableFact]
    public async Task MediaProbeStartsFfprobeFromTheOverrideDirectory()
    {
        Skip.IfNot(File.Exists("/usr/bin/ffprobe") && File.Exists("/usr/bin/ffmpeg"), "Debian's ffmpeg is needed");
        using var temp = new TempDirectory();
        var clip = temp.File("tone.wav");
        await ExternalTool.FfmpegAsync("-f", "lavfi", "-i", "sine=frequency=440:duration=0.5", clip);
        var tools = Directory.CreateDirectory(Path.Combine(temp.Path, "bin")).FullName;
        var empty = Directory.CreateDirectory(Path.Combine(temp.Path, "empty")).FullName;
        File.CreateSymbolicLink(Path.Combine(tools, "ffprobe"), "/usr/bin/ffprobe");

        var before = Environment.GetEnvironmentVariable(FfmpegProcess.DirectoryVariable);
        try
        {
            Environment.SetEnvironmentVariable(FfmpegProcess.DirectoryVariable, empty);
            var e = await Assert.ThrowsAsync<MediaException>(() => MediaProbe.ProbeAsync(clip));
            Assert.Contains(Path.Combine(empty, "ffprobe"), e.Message);
            Assert.Contains(FfmpegProcess.DirectoryVariable, e.Message);

            Environment.SetEnvironmentVariable(FfmpegProcess.DirectoryVariable, tools);
            var info = await MediaProbe.ProbeAsync(clip);
            Assert.True(info.HasAudio);
            Assert.InRange(info.Duration.TotalSeconds, 0.45, 0.55);
        }
        finally
        {
            Environment.SetEnvironmentVariable(FfmpegProcess.DirectoryVariable, before);
        }
    }
}
