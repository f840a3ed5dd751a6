using System.Security.Cryptography;
using ATSync.Core.Media;
using ATSync.Tests.Support;

namespace ATSync.Tests.Media;

/// <summary>
/// A range read that seeks (a fan-out segment) gives the frames a full read gives, frame for frame, on the kinds of
/// files where the first frame is not at tick 0, where B-frames reorder, where key frames are sparse, and where no
/// seek is planned at all.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class FrameSeekTests
{
    /// <summary>H.264 at 30 fps with B-frames and a key frame each second, 12 s: 300 frames at 25 fps.</summary>
    private static string BFramesEverySecond => TestMedia.Make("h264_30fps_bframes_12s.mp4", p =>
        TestMedia.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "12", "-c:v", "libx264", "-preset", "fast",
            "-g", "30", "-bf", "2", "-pix_fmt", "yuv420p", p));

    /// <summary>VP9 + Opus WebM at 24 fps, a key frame each second, 10 s; Opus's pre-skip starts the file at -7 ms.</summary>
    private static string Vp9OpusEverySecond => TestMedia.Make("vp9_opus_keyframes_10s.webm", p =>
        TestMedia.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=24", "-f", "lavfi", "-i", "sine", "-t", "10",
            "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-g", "24", "-c:a", "libopus", p));

    public static TheoryData<string> Clips => new() { "bframes", "vfr_6s.mp4", "portrait_hevc_20s.mp4", "vp9", "grid_bbaf2n.mpg" };

    private static string Path(string clip) => clip switch
    {
        "bframes" => BFramesEverySecond,
        "vp9" => Vp9OpusEverySecond,
        _ => SharedAssets.Media(clip),
    };

    [Theory]
    [MemberData(nameof(Clips))]
    public async Task RangesReadWithASeekAreTheFullReadsFramesFrameForFrame(string clip)
    {
        var reader = await VideoFrameReader.OpenAsync(Path(clip));
        var full = await HashesAsync(reader, null);
        Assert.Equal(reader.FrameCount, full.Count);
        var n = reader.FrameCount;
        FrameRange[] ranges = [new(0, 11), new(n * 3 / 5, n * 3 / 5 + 47), new(n - 30, n + 10)];
        foreach (var range in ranges)
        {
            var part = await HashesAsync(reader, range);
            var last = Math.Min(range.Last, n - 1);
            Assert.Equal(Enumerable.Range(range.First, last - range.First + 1), part.Keys);
            foreach (var (index, hash) in part)
                Assert.True(full[index] == hash, $"{clip}: frame {index} of range {range} differs from the full read's");
        }
    }

    [Theory]
    [InlineData("bframes", true, 0, "")]
    [InlineData("vfr_6s.mp4", true, 1, "")] // the first frame is at 0.033 s, nearer tick 1 than tick 0
    [InlineData("vp9", true, 0, "setpts=PTS+7,")] // Opus pre-skip: the file starts at -7 ms, which a full read shifts away
    [InlineData("grid_bbaf2n.mpg", false, 0, "")] // an MPEG program stream has no index to seek by: read from the start
    public async Task SeeksWhereTheContainerAllowsAndAnchorsTheGridAtTheFirstFrame(string clip, bool seeks, int firstTick, string shift)
    {
        var info = await MediaProbe.ProbeAsync(Path(clip));
        var first = info.Video!.FrameCountAt25Fps - 12;
        var plan = await FrameSeek.PlanAsync(info, first, CancellationToken.None);
        Assert.Equal(seeks, plan is not null);
        if (plan is null) return;
        var options = plan.InputOptions.ToArray();
        var seconds = double.Parse(options[Array.IndexOf(options, "-ss") + 1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((firstTick + first) / 25.0 - FrameSeek.Lead.TotalSeconds, seconds, 6);
        Assert.Equal($"{shift}fps=25,trim=start_pts={firstTick + first}:end_pts={firstTick + first + 12}", plan.Filter(new FrameRange(first, first + 11)));
    }

    [Fact]
    public async Task ARangeOutsideTheVideoIsRefused()
    {
        var reader = await VideoFrameReader.OpenAsync(BFramesEverySecond);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => HashesAsync(reader, new FrameRange(300, 310)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => HashesAsync(reader, new FrameRange(20, 10)));
    }

    private static async Task<SortedDictionary<int, string>> HashesAsync(VideoFrameReader reader, FrameRange? range)
    {
        var hashes = new SortedDictionary<int, string>();
        await foreach (var frame in reader.ReadFramesAsync(range))
        {
            using (frame) hashes.Add(frame.Index, Convert.ToHexString(SHA256.HashData(frame.Pixels.Span)));
        }
        return hashes;
    }
}
