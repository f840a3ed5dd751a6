using System.Diagnostics;
using ATSync.Core.Media;
using ATSync.Tests.Support;
using Xunit.Abstractions;

namespace ATSync.Tests.Media;

/// <summary>
/// Not a test of speed (nothing is asserted about time): prints decode throughput for the report. Runs only with
/// ATSYNC_BENCH=1, e.g.
/// ATSYNC_BENCH=1 dotnet test tests/ATSync.Tests -c Release --no-build --filter "FullyQualifiedName~DecodeSpeedMeasurement" --logger "console;verbosity=detailed"
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class DecodeSpeedMeasurement(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("obama_20s.mp4")]
    [InlineData("portrait_hevc_20s.mp4")]
    public async Task DecodeWholeClip(string clip)
    {
        BenchmarkGate.SkipUnlessEnabled();
        var path = SharedAssets.Media(clip);

        for (var run = 1; run <= 3; run++)
        {
            var clock = Stopwatch.StartNew();
            var reader = await VideoFrameReader.OpenAsync(path);
            var frames = 0;
            long checksum = 0;
            await foreach (var frame in reader.ReadFramesAsync())
            {
                using (frame) checksum += frame.Pixels.Span[frame.Pixels.Length / 2]; // touch the frame
                frames++;
            }

            clock.Stop();
            Assert.Equal(reader.FrameCount, frames);
            output.WriteLine($"{clip} run {run}: {frames} frames {reader.Width}x{reader.Height} in {clock.Elapsed.TotalSeconds:0.000} s " +
                $"(probe included) = {frames / clock.Elapsed.TotalSeconds:0} frames/s (checksum {checksum})");
        }
    }
}
