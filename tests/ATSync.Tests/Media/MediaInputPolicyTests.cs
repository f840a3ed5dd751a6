using ATSync.Core.Media;

namespace ATSync.Tests.Media;

/// <summary>
/// A "video" that is really a playlist or a concat list must not make ffmpeg read other files of the machine: the
/// probe every input goes through refuses such containers in one line, and ordinary files still pass.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class MediaInputPolicyTests
{
    [Fact]
    public async Task An_hls_playlist_named_mp4_is_refused_though_plain_ffprobe_would_read_the_file_it_points_at()
    {
        // The segment it points at is a real, readable clip elsewhere on the disk.
        var secret = TestMedia.Make("secret_segment.ts", p =>
            TestMedia.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-f", "mpegts", p));
        var playlist = TestMedia.Make("playlist_disguised.mp4", p =>
            File.WriteAllText(p, $"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\n{secret}\n#EXT-X-ENDLIST\n"));

        // Control: without the policy, ffprobe follows the playlist and reports the other file's video.
        var (exit, output, _) = TestMedia.Run("ffprobe", ["-v", "error", "-show_entries", "format=format_name", "-of", "default=nw=1", playlist]);
        Assert.Equal(0, exit);
        Assert.Contains("format_name=hls", output);

        var error = await Assert.ThrowsAsync<MediaException>(() => MediaProbe.ProbeAsync(playlist));
        Assert.Contains("refused", error.Message);
        Assert.Contains("(hls)", error.Message);
        Assert.DoesNotContain("\n", error.Message);
        await Assert.ThrowsAsync<MediaException>(() => AudioDecoder.Decode16kMonoAsync(playlist));
    }

    [Fact]
    public async Task A_concat_list_is_refused()
    {
        var list = TestMedia.Make("concat_disguised.wav", p =>
            File.WriteAllText(p, $"ffconcat version 1.0\nfile '{TestMedia.StereoWav44k}'\n"));

        var error = await Assert.ThrowsAsync<MediaException>(() => MediaProbe.ProbeAsync(list));
        Assert.Contains("(concat)", error.Message);
    }

    [Theory]
    [InlineData("mp4")]
    [InlineData("webm")]
    [InlineData("wav")]
    [InlineData("mp3")]
    [InlineData("ogg")]
    public async Task Ordinary_containers_still_probe(string kind)
    {
        var path = kind switch
        {
            "mp4" => TestMedia.H264At30Fps5s,
            "webm" => TestMedia.Vp9Webm,
            "wav" => TestMedia.StereoWav44k,
            "mp3" => TestMedia.Mp3At48k,
            _ => TestMedia.OggStereo,
        };
        var info = await MediaProbe.ProbeAsync(path);
        Assert.True(info.HasAudio);
    }

    [Fact]
    public void Ffmpeg_errors_that_are_not_refusals_are_left_to_the_usual_summary()
    {
        Assert.Null(MediaInputPolicy.Refusal("moov atom not found\nInvalid data found when processing input"));
        Assert.Null(MediaInputPolicy.Refusal(null));
        Assert.Contains("other files or URLs", MediaInputPolicy.Refusal("[tcp @ 0x1] Protocol not on whitelist 'file'!"));
    }
}
