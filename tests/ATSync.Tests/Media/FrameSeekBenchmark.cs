using System.Diagnostics;
using ATSync.Core.Media;
using ATSync.Tests.Support;
using Xunit.Abstractions;

namespace ATSync.Tests.Media;

/// <summary>
/// Decode time of one fan-out segment by its position in a long video, with the seek and without it (a full read that
/// skips to the segment, as every segment did before). For bench/results.md, not a pass/fail test: runs only with
/// ATSYNC_BENCH=1 (ATSYNC_BENCH=1 dotnet test tests/ATSync.Tests -c Release --no-build --filter
/// "FullyQualifiedName~FrameSeekBenchmark" --logger "console;verbosity=detailed").
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class FrameSeekBenchmark(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task SegmentDecodeTimeByPosition()
    {
        BenchmarkGate.SkipUnlessEnabled();
        // 10 minutes of 512x512 H.264 at 25 fps with a key frame every 2 s, as phone and camera recordings have.
        var video = TestMedia.Make("bench_10min_512.mp4", p =>
            TestMedia.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=512x512:rate=25", "-t", "600", "-c:v", "libx264",
                "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p", p));
        var reader = await VideoFrameReader.OpenAsync(video);
        const int segment = 240; // 20 runs of 12 frames: a fan-out segment of about 10 s
        output.WriteLine($"{reader.FrameCount} frames, {reader.Width}x{reader.Height}; segment of {segment} frames");
        foreach (var fraction in new[] { 0.0, 0.25, 0.5, 0.75, 0.95 })
        {
            var first = (int)(reader.FrameCount * fraction) / 12 * 12;
            var range = new FrameRange(first, first + segment - 1);
            var seek = await TimeAsync(() => CountAsync(reader.ReadFramesAsync(range)), segment);
            var skip = await TimeAsync(() => CountAsync(SkipToAsync(reader, range)), segment);
            output.WriteLine($"| frames {range} ({first / 25.0:F0} s in) | {seek:F2} s | {skip:F2} s |");
        }
    }

    private static async Task<double> TimeAsync(Func<Task<int>> read, int expected)
    {
        var watch = Stopwatch.StartNew();
        var count = await read();
        Assert.Equal(expected, count);
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<int> CountAsync(IAsyncEnumerable<VideoFrame> frames)
    {
        var count = 0;
        await foreach (var frame in frames)
        {
            frame.Dispose();
            count++;
        }
        return count;
    }

    /// <summary>The read before seeking existed: decode from the start, drop frames before the range, stop after it.</summary>
    private static async IAsyncEnumerable<VideoFrame> SkipToAsync(VideoFrameReader reader, FrameRange range)
    {
        await foreach (var frame in reader.ReadFramesAsync())
        {
            if (frame.Index < range.First)
            {
                frame.Dispose();
                continue;
            }
            yield return frame;
            if (frame.Index == range.Last) yield break;
        }
    }
}
