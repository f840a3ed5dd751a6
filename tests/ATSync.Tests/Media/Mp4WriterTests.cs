using System.Text.Json;
using ATSync.Core.Media;
using OpenCvSharp;

namespace ATSync.Tests.Media;

[Collection(MediaCollection.Name)]
public sealed class Mp4WriterTests : IDisposable
{
    private readonly List<string> _folders = [];

    [Theory]
    [InlineData(50)] // exactly the 2.0 s of audio
    [InlineData(38)] // short: the last frame is held to the end of the audio
    [InlineData(70)] // long: cut at the end of the audio
    public async Task FramesAndAudio_GiveH264AacAt25FpsLastingAsLongAsTheAudio(int framesPushed)
    {
        var output = Path.Combine(NewFolder(), "out.mp4");

        await using (var writer = await Mp4Writer.StartAsync(output, 320, 240, TestMedia.Speechless2sWav))
        {
            Assert.Equal(50, writer.FramesNeeded);
            for (var i = 0; i < framesPushed; i++)
            {
                using var frame = new Mat(240, 320, MatType.CV_8UC3, new Scalar(40, 120, 200)); // BGR: orange
                await writer.WriteFrameAsync(frame);
            }

            await writer.CompleteAsync();
        }

        var probe = TestMedia.Ffprobe(output, "-count_frames");
        var video = Stream(probe, "video");
        var audio = Stream(probe, "audio");
        Assert.Equal("h264", video.GetProperty("codec_name").GetString());
        Assert.Equal("yuv420p", video.GetProperty("pix_fmt").GetString());
        Assert.Equal((320, 240), (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
        Assert.Equal("25/1", video.GetProperty("r_frame_rate").GetString());
        Assert.Equal("25/1", video.GetProperty("avg_frame_rate").GetString());
        Assert.Equal("50", video.GetProperty("nb_read_frames").GetString());
        Assert.Equal("aac", audio.GetProperty("codec_name").GetString());
        Assert.Equal(2.0, Seconds(probe.GetProperty("format")), 0.04);
        Assert.Equal(2.0, Seconds(audio), 0.04);
        Assert.Equal(2.0, Seconds(video), 0.04);
        Assert.Equal(["out.mp4"], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task OddSizedFrames_ArePaddedToEvenAndKeepTheirColours()
    {
        var output = Path.Combine(NewFolder(), "odd.mp4");
        await using (var writer = await Mp4Writer.StartAsync(output, 361, 287, TestMedia.Speechless2sWav))
        {
            var bgr = new byte[361 * 287 * 3];
            for (var i = 0; i < bgr.Length; i += 3) (bgr[i], bgr[i + 1], bgr[i + 2]) = (200, 60, 20); // blue-ish
            for (var i = 0; i < 50; i++) await writer.WriteFrameAsync(bgr);
            await writer.CompleteAsync();
        }

        var reader = await VideoFrameReader.OpenAsync(output);
        Assert.Equal((362, 288), (reader.Width, reader.Height));
        await foreach (var frame in reader.ReadFramesAsync())
        {
            using (frame)
            {
                var px = frame.Mat.At<Vec3b>(143, 180);
                Assert.True(Math.Abs(px.Item0 - 200) < 8 && Math.Abs(px.Item1 - 60) < 8 && Math.Abs(px.Item2 - 20) < 8, $"frame {frame.Index}: {px}");
                // The added column and row repeat the edge, so no dark line shows.
                foreach (var (y, x) in new[] { (287, 361), (100, 361), (287, 100) })
                {
                    var pad = frame.Mat.At<Vec3b>(y, x);
                    Assert.True(Math.Abs(pad.Item0 - 200) < 8 && Math.Abs(pad.Item1 - 60) < 8 && Math.Abs(pad.Item2 - 20) < 8, $"padding at ({x},{y}): {pad}");
                }
            }
        }
    }

    [Fact]
    public async Task CancelledWrite_LeavesNoFileBehind()
    {
        var folder = NewFolder();
        var output = Path.Combine(folder, "cancelled.mp4");
        using var cts = new CancellationTokenSource();
        var frame = new byte[320 * 240 * 3];

        await using var writer = await Mp4Writer.StartAsync(output, 320, 240, TestMedia.Speechless2sWav);
        for (var i = 0; i < 20; i++) await writer.WriteFrameAsync(frame);
        Assert.NotEmpty(Directory.GetFiles(folder)); // the temporary file exists while encoding
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteFrameAsync(frame, cts.Token).AsTask());

        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task DisposedWithoutComplete_LeavesNoFileAndKeepsAnOlderOutput()
    {
        var folder = NewFolder();
        var output = Path.Combine(folder, "result.mp4");
        File.WriteAllText(output, "previous result");

        await using (var writer = await Mp4Writer.StartAsync(output, 320, 240, TestMedia.Speechless2sWav))
        {
            for (var i = 0; i < 10; i++) await writer.WriteFrameAsync(new byte[320 * 240 * 3]);
        }

        Assert.Equal(["result.mp4"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal("previous result", File.ReadAllText(output));
    }

    [Fact]
    public async Task SilentVideoAsSoundtrack_SaysNoAudioStream()
    {
        var output = Path.Combine(NewFolder(), "x.mp4");

        var e = await Assert.ThrowsAsync<MediaException>(() => Mp4Writer.StartAsync(output, 320, 240, TestMedia.VideoOnly));

        Assert.Contains("has no audio stream", e.Message);
    }

    public void Dispose()
    {
        foreach (var folder in _folders) Directory.Delete(folder, recursive: true);
    }

    private string NewFolder()
    {
        var folder = Directory.CreateTempSubdirectory("atsync-mp4writer-").FullName;
        _folders.Add(folder);
        return folder;
    }

    private static JsonElement Stream(JsonElement probe, string type) =>
        probe.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == type);

    private static double Seconds(JsonElement e) =>
        double.Parse(e.GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
