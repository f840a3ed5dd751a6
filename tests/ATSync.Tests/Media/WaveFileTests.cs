using ATSync.Core.Media;

namespace ATSync.Tests.Media;

[Collection(MediaCollection.Name)]
public sealed class WaveFileTests
{
    [Fact]
    public void Write16kMono_IsPcm16ThatFfprobeReads()
    {
        var path = Path.Combine(TestMedia.Folder, "written.wav");
        var samples = Enumerable.Range(0, 16000).Select(i => 0.25f * MathF.Sin(2 * MathF.PI * 300 * i / 16000f)).ToArray();

        WaveFile.Write16kMono(path, samples);

        var stream = TestMedia.Ffprobe(path).GetProperty("streams")[0];
        Assert.Equal("pcm_s16le", stream.GetProperty("codec_name").GetString());
        Assert.Equal("16000", stream.GetProperty("sample_rate").GetString());
        Assert.Equal(1, stream.GetProperty("channels").GetInt32());
        Assert.Equal("1.000000", stream.GetProperty("duration").GetString());
    }

    [Fact]
    public void Write_ClipsOutOfRangeSamples()
    {
        var path = Path.Combine(TestMedia.Folder, "clipped.wav");

        WaveFile.Write16kMono(path, [2f, -2f, 0.5f]);
        var read = WaveFile.Read(path);

        Assert.Equal(32767 / 32768f, read.Samples[0], 1e-6);
        Assert.Equal(-32767 / 32768f, read.Samples[1], 1e-6);
        Assert.Equal(0.5f, read.Samples[2], 1e-4);
    }

    [Theory]
    [InlineData("pcm_s16le", 1.0 / 32768)]
    [InlineData("pcm_s24le", 1e-6)]
    [InlineData("pcm_s32le", 1e-6)]
    [InlineData("pcm_f32le", 1e-6)]
    [InlineData("pcm_f64le", 1e-6)]
    [InlineData("pcm_u8", 1.0 / 128)]
    public void Read_DecodesFfmpegWavEncodingsToTheSameStereoSignal(string codec, double tolerance)
    {
        var path = TestMedia.Make($"stereo_{codec}.wav", p =>
            TestMedia.Ffmpeg("-f", "lavfi", "-i", "aevalsrc=0.5*sin(2*PI*440*t)|-0.25*sin(2*PI*440*t):s=22050:d=0.5", "-c:a", codec, p));

        var wave = WaveFile.Read(path);

        Assert.Equal((22050, 2, 11025), (wave.SampleRate, wave.Channels, wave.FrameCount));
        for (var i = 0; i < wave.FrameCount; i += 37)
        {
            var expected = Math.Sin(2 * Math.PI * 440 * i / 22050.0);
            Assert.Equal(0.5 * expected, wave.Samples[2 * i], 2 * tolerance + 1e-7);
            Assert.Equal(-0.25 * expected, wave.Samples[2 * i + 1], 2 * tolerance + 1e-7);
        }

        var mono = wave.ToMono();
        Assert.Equal(0.125 * Math.Sin(2 * Math.PI * 440 * 100 / 22050.0), mono[100], 2 * tolerance + 1e-7);
    }

    [Fact]
    public void Read_NonWav_SaysSo()
    {
        var e = Assert.Throws<MediaException>(() => WaveFile.Read(TestMedia.Mp3At48k));

        MediaProbeTests.AssertOneLineNaming(TestMedia.Mp3At48k, e);
        Assert.Contains("not a WAV file", e.Message);
    }
}
