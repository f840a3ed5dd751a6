using ATSync.Core.Datasets;
using ATSync.Core.Media;

namespace ATSync.Tests.Media;

/// <summary>Inputs beyond the duration and size limits are refused at probe time, before anything is decoded.</summary>
public sealed class MediaLimitsTests
{
    private static MediaInfo Info(TimeSpan duration, int width = 640, int height = 480) =>
        new("clip.mp4", "mov", duration, new VideoStreamInfo("h264", width, height, width, height, 0, 25, 25, duration),
            new AudioStreamInfo("aac", 48000, 2, duration));

    [Fact]
    public void DefaultsAcceptTheLimitItselfAndRefuseBeyondIt()
    {
        var limits = MediaLimits.Default;
        var atLimit = Info(TimeSpan.FromMinutes(30));
        Assert.Same(atLimit, limits.CheckTrainingVideo(atLimit));
        var e = Assert.Throws<MediaException>(() => limits.CheckTrainingVideo(Info(TimeSpan.FromMinutes(31))));
        Assert.Equal("clip.mp4: lasts 31 min, longer than the 30 min limit for a training video", e.Message);
        limits.CheckSpeech(Info(TimeSpan.FromMinutes(10)));
        Assert.Contains("10 min limit for speech", Assert.Throws<MediaException>(() => limits.CheckSpeech(Info(TimeSpan.FromMinutes(10.5)))).Message);
        Assert.Contains("limit for a video to lip-sync", Assert.Throws<MediaException>(() => limits.CheckRenderVideo(Info(TimeSpan.FromMinutes(11)))).Message);
        Assert.Equal("clip.mp4: is 4097x2160, larger than the 4096x4096 limit",
            Assert.Throws<MediaException>(() => limits.CheckTrainingVideo(Info(TimeSpan.FromMinutes(1), 4097, 2160))).Message);
        limits.CheckTrainingVideo(Info(TimeSpan.FromMinutes(1), 4096, 4096));
    }

    [Fact]
    public async Task ProcessRefusesAVideoOverItsLimitBeforeDecodingAndLeavesNoDataset()
    {
        var video = TestMedia.H264At30Fps5s;
        var output = Path.Combine(TestMedia.Folder, "limited-dataset");
        var builder = new DatasetBuilder(new DatasetBuildOptions { Limits = new MediaLimits { MaxVideoDuration = TimeSpan.FromSeconds(2) } });
        var e = await Assert.ThrowsAsync<MediaException>(() => builder.BuildAsync(video, output));
        Assert.EndsWith("lasts 5 s, longer than the 2 s limit for a training video", e.Message);
        Assert.False(Directory.Exists(output));
    }
}
