using ATSync.Core.Media;
using ATSync.Tests.Support;

namespace ATSync.Tests.Media;

[Collection(MediaCollection.Name)]
public sealed class AudioDecoderTests
{
    public static TheoryData<string, double> SineFiles => new()
    {
        { nameof(TestMedia.StereoWav44k), 2.0 },
        { nameof(TestMedia.Mp3At48k), 3.0 },
        { nameof(TestMedia.OggStereo), 3.0 },
        { nameof(TestMedia.M4aAac), 3.0 },
    };

    [Theory]
    [MemberData(nameof(SineFiles))]
    public async Task SineFile_DecodesTo16kMonoOfTheSameLengthAndPitch(string file, double seconds)
    {
        var path = (string)typeof(TestMedia).GetProperty(file)!.GetValue(null)!;

        var samples = await AudioDecoder.Decode16kMonoAsync(path);

        // Lossy codecs add priming/padding of a few ms.
        Assert.InRange(samples.Length, (int)((seconds - 0.03) * 16000), (int)((seconds + 0.08) * 16000));
        Assert.Equal(440.0, DominantFrequency(samples), 5.0);
    }

    [Fact]
    public async Task StereoWav_IsAveragedNotSummed()
    {
        var samples = await AudioDecoder.Decode16kMonoAsync(TestMedia.StereoWav44k);

        // Both channels are 0.5 x sine: the mean keeps 0.5 (ffmpeg's -ac 1 would give 0.707).
        var peak = samples.Skip(1600).Take(16000).Max(MathF.Abs);
        Assert.Equal(0.5, peak, 0.01);
    }

    [SkippableFact]
    public async Task VideoFile_GivesItsSoundtrack()
    {
        var samples = await AudioDecoder.Decode16kMonoAsync(SharedAssets.Media("obama_20s.mp4"));

        Assert.Equal(20.0, samples.Length / 16000.0, 0.1);
        Assert.True(samples.Max(MathF.Abs) > 0.05, "speech should not be silent");
    }

    [Fact]
    public async Task SixteenKMonoWav_RoundTripsThroughWaveFile()
    {
        var samples = await AudioDecoder.Decode16kMonoAsync(TestMedia.Speechless2sWav);
        var copy = Path.Combine(TestMedia.Folder, "roundtrip.wav");

        WaveFile.Write16kMono(copy, samples);
        var read = WaveFile.Read(copy);

        Assert.Equal((16000, 1, samples.Length), (read.SampleRate, read.Channels, read.Samples.Length));
        for (var i = 0; i < samples.Length; i++) Assert.Equal(samples[i], read.Samples[i], 1.0 / 32767);
    }

    [Fact]
    public async Task EmptyAudio_SaysSo()
    {
        var empty = TestMedia.Make("empty_audio.wav", p => WaveFile.Write16kMono(p, []));

        var e = await Assert.ThrowsAsync<MediaException>(() => AudioDecoder.Decode16kMonoAsync(empty));

        MediaProbeTests.AssertOneLineNaming(empty, e);
        Assert.Contains("no samples (empty audio)", e.Message);
    }

    [Fact]
    public async Task VideoWithoutSound_SaysNoAudioStream()
    {
        var e = await Assert.ThrowsAsync<MediaException>(() => AudioDecoder.Decode16kMonoAsync(TestMedia.VideoOnly));

        MediaProbeTests.AssertOneLineNaming(TestMedia.VideoOnly, e);
        Assert.Contains("has no audio stream", e.Message);
    }

    [Fact]
    public async Task TruncatedMp4Audio_SaysTruncated()
    {
        var half = BrokenMedia.FirstHalfOfFastStart(TestMedia.H264At30Fps5s, "half_faststart.mp4");

        var e = await Assert.ThrowsAsync<MediaException>(() => AudioDecoder.Decode16kMonoAsync(half));

        Assert.Contains("truncated or corrupt", e.Message);
    }

    // Zero crossings per second / 2: enough to tell a 440 Hz tone from a resampling mistake (e.g. 44.1 vs 48 kHz).
    private static double DominantFrequency(float[] samples)
    {
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
            if (samples[i - 1] < 0 && samples[i] >= 0) crossings++;
        return crossings / (samples.Length / 16000.0);
    }
}
