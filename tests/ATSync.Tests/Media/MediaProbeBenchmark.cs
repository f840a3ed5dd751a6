using System.Diagnostics;
using ATSync.Core.Media;
using ATSync.Tests.Support;
using Xunit.Abstractions;

namespace ATSync.Tests.Media;

/// <summary>
/// Probe time through FFMpegCore (what <see cref="MediaProbe"/> uses) against starting ffprobe ourselves with the same
/// arguments and reading its JSON, per file, median of many runs. For bench/probe.md, not a pass/fail test: runs only
/// with ATSYNC_BENCH=1 (ATSYNC_BENCH=1 dotnet test tests/ATSync.Tests -c Release --no-build --filter
/// "FullyQualifiedName~MediaProbeBenchmark" --logger "console;verbosity=detailed").
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class MediaProbeBenchmark(ITestOutputHelper output)
{
    private const int Runs = 30;

    [SkippableFact]
    public async Task ProbeTimeFfmpegCoreVersusOwnProcess()
    {
        BenchmarkGate.SkipUnlessEnabled();
        foreach (var name in new[] { "obama_20s.mp4", "portrait_hevc_20s.mp4", "grid_bbaf2n.mpg", "speech_20s.wav" })
        {
            var path = SharedAssets.Media(name);
            await MediaProbe.ProbeAsync(path); // warm up: JIT, page cache
            var core = new List<double>();
            var own = new List<double>();
            for (var i = 0; i < Runs; i++)
            {
                // Interleaved, so drift in the machine's load hits both alike.
                var watch = Stopwatch.StartNew();
                await MediaProbe.ProbeAsync(path);
                core.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                var (exit, json, _) = TestMedia.Run("ffprobe",
                    ["-loglevel", "error", "-print_format", "json", "-show_format", "-sexagesimal", "-show_streams", .. MediaInputPolicy.InputOptions, path]);
                Assert.Equal(0, exit);
                System.Text.Json.JsonDocument.Parse(json).Dispose();
                own.Add(watch.Elapsed.TotalMilliseconds);
            }
            output.WriteLine($"| {name} | {Median(core):F1} ms | {Median(own):F1} ms |");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
