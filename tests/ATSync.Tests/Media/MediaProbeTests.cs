using ATSync.Core.Media;
using ATSync.Tests.Support;

namespace ATSync.Tests.Media;

[Collection(MediaCollection.Name)]
public sealed class MediaProbeTests
{
    [Fact]
    public async Task H264WithAudio_ReportsStreamsRatesAndFrameCount()
    {
        var info = await MediaProbe.ProbeAsync(TestMedia.H264At30Fps5s);

        Assert.True(info.HasVideo);
        Assert.True(info.HasAudio);
        Assert.Equal(5.0, info.Duration.TotalSeconds, 0.05);
        var v = info.Video!;
        Assert.Equal(("h264", 320, 240, 0), (v.Codec, v.Width, v.Height, v.Rotation));
        Assert.Equal(30.0, v.AverageFrameRate, 1e-6);
        Assert.Equal(30.0, v.RealFrameRate, 1e-6);
        Assert.Equal(125, v.FrameCountAt25Fps);
        var a = info.Audio!;
        Assert.Equal(("aac", 48000, 1), (a.Codec, a.SampleRate, a.Channels));
    }

    [Fact]
    public async Task RotatedVideo_ReportsDisplayedSizeAndRotation()
    {
        var v = (await MediaProbe.ProbeAsync(TestMedia.RedTopBlueBottomRotated90)).RequireVideo();

        Assert.Equal(90, v.Rotation);
        Assert.Equal((320, 240), (v.CodedWidth, v.CodedHeight));
        Assert.Equal((240, 320), (v.Width, v.Height));
    }

    [Fact]
    public async Task Vp9Webm_TakesTheContainerDurationWhenTheStreamHasNone()
    {
        var v = (await MediaProbe.ProbeAsync(TestMedia.Vp9Webm)).RequireVideo();

        Assert.Equal("vp9", v.Codec);
        Assert.Equal(4.3, v.Duration.TotalSeconds, 0.05);
        Assert.Equal(108, v.FrameCountAt25Fps);
    }

    [SkippableFact]
    public async Task VariableFrameRateClip_ReportsAverageBelowRealRate()
    {
        var v = (await MediaProbe.ProbeAsync(SharedAssets.Media("vfr_6s.mp4"))).RequireVideo();

        Assert.Equal(30.0, v.RealFrameRate, 1e-6);
        Assert.InRange(v.AverageFrameRate, 21.5, 22.5);
        Assert.Equal((700, 700), (v.Width, v.Height));
    }

    [SkippableFact]
    public async Task PortraitHevc_ReportsCodecAndUprightSize()
    {
        var info = await MediaProbe.ProbeAsync(SharedAssets.Media("portrait_hevc_20s.mp4"));

        Assert.Equal(("hevc", 1080, 1920), (info.Video!.Codec, info.Video.Width, info.Video.Height));
        Assert.Equal(44100, info.Audio!.SampleRate);
        Assert.Equal(2, info.Audio.Channels);
    }

    [Fact]
    public async Task Mp3WithCoverArt_IsAudioOnly()
    {
        var withCover = TestMedia.Make("with_cover.mp3", p =>
        {
            var cover = Path.Combine(TestMedia.Folder, "cover.png");
            TestMedia.Ffmpeg("-f", "lavfi", "-i", "color=yellow:size=64x64", "-frames:v", "1", cover);
            TestMedia.Ffmpeg("-i", TestMedia.Mp3At48k, "-i", cover, "-map", "0", "-map", "1", "-c", "copy", "-disposition:v", "attached_pic", p);
        });

        var info = await MediaProbe.ProbeAsync(withCover);

        Assert.False(info.HasVideo);
        Assert.True(info.HasAudio);
        var e = Assert.Throws<MediaException>(() => info.RequireVideo());
        Assert.Contains("has no video stream", e.Message);
    }

    [Fact]
    public async Task MissingFile_SaysNotFound()
    {
        var path = Path.Combine(TestMedia.Folder, "no_such_clip.mp4");
        var e = await Assert.ThrowsAsync<MediaException>(() => MediaProbe.ProbeAsync(path));
        Assert.Equal($"{path}: file not found", e.Message);
    }

    [Fact]
    public async Task ZeroByteFile_SaysEmpty()
    {
        var e = await Assert.ThrowsAsync<MediaException>(() => MediaProbe.ProbeAsync(BrokenMedia.Empty));
        Assert.Equal($"{BrokenMedia.Empty}: file is empty (0 bytes)", e.Message);
    }

    [Fact]
    public async Task Mp4CutInHalfWithIndexAtEnd_SaysNotReadable()
    {
        var half = BrokenMedia.FirstHalf(TestMedia.H264At30Fps5s, "half_moov_at_end.mp4");
        var e = await Assert.ThrowsAsync<MediaException>(() => MediaProbe.ProbeAsync(half));
        AssertOneLineNaming(half, e);
        Assert.Contains("truncated/corrupt", e.Message);
        Assert.Contains("moov atom not found", e.Message);
    }

    [SkippableFact]
    public async Task RealMp4CutInHalf_SaysMoovAtomNotFound()
    {
        var half = BrokenMedia.FirstHalf(SharedAssets.Media("obama_20s.mp4"), "obama_first_half.mp4");
        var e = await Assert.ThrowsAsync<MediaException>(() => MediaProbe.ProbeAsync(half));
        AssertOneLineNaming(half, e);
        Assert.Contains("moov atom not found", e.Message);
    }

    [Fact]
    public async Task Mp4WithoutItsFirstBytes_SaysNotReadable()
    {
        var headless = BrokenMedia.WithoutHead(TestMedia.H264At30Fps5s, "no_head.mp4");
        var e = await Assert.ThrowsAsync<MediaException>(() => MediaProbe.ProbeAsync(headless));
        AssertOneLineNaming(headless, e);
        Assert.Contains("not a readable media file", e.Message);
    }

    [Fact]
    public async Task TextFile_SaysNotAMediaFile()
    {
        var e = await Assert.ThrowsAsync<MediaException>(() => MediaProbe.ProbeAsync(BrokenMedia.TextNamedMp4));
        AssertOneLineNaming(BrokenMedia.TextNamedMp4, e);
        Assert.Contains("not a readable media file", e.Message);
    }

    [Fact]
    public async Task AudioOnlyFileAsVideo_SaysNoVideoStream()
    {
        var e = await Assert.ThrowsAsync<MediaException>(() => MediaProbe.ProbeVideoAsync(TestMedia.StereoWav44k));
        AssertOneLineNaming(TestMedia.StereoWav44k, e);
        Assert.Contains("has no video stream", e.Message);
    }

    [Fact]
    public async Task VideoOnlyFileWhereAudioIsRequired_SaysNoAudioStream()
    {
        var e = await Assert.ThrowsAsync<MediaException>(() => MediaProbe.ProbeVideoAsync(TestMedia.VideoOnly, requireAudio: true));
        AssertOneLineNaming(TestMedia.VideoOnly, e);
        Assert.Contains("has no audio stream", e.Message);
    }

    internal static void AssertOneLineNaming(string path, MediaException e)
    {
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Equal(path, e.FilePath);
        Assert.DoesNotContain('\n', e.Message);
    }
}
