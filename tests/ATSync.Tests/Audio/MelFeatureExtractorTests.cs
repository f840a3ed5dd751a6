using ATSync.Core.Audio;

namespace ATSync.Tests.Audio;

public class MelFeatureExtractorTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 3)]
    [InlineData(2, 6)]
    [InlineData(3, 10)]
    [InlineData(4, 13)]
    [InlineData(5, 16)]
    [InlineData(25, 80)]
    public void First_mel_frame_is_round_3_point_2_i(int videoFrame, int expected)
    {
        Assert.Equal(expected, MelFeatureExtractor.FirstMelFrame(videoFrame));
    }

    [Theory]
    [InlineData(50, 2.0)]   // audio = video
    [InlineData(50, 1.0)]   // audio shorter than video: zero rows at the end
    [InlineData(20, 3.0)]   // audio longer: extra audio ignored
    [InlineData(1, 0.01)]
    [InlineData(0, 1.0)]
    public void Has_exactly_frameCount_rows_taken_from_the_spectrogram(int frameCount, double seconds)
    {
        var audio = TestSignals.Voice((int)(seconds * 16000));
        using var extractor = new MelFeatureExtractor();

        var features = extractor.Extract(audio, frameCount);

        Assert.Equal(AudioFeatureKind.Mel, features.Kind);
        Assert.Equal([frameCount, 4, 80], features.Shape);
        Assert.Equal(frameCount * 320, features.Data.Length);
        var mel = MelSpectrogram.Compute(audio);
        int melFrames = mel.Length / 80;
        for (int i = 0; i < frameCount; i++)
        {
            var row = features.Row(i);
            for (int j = 0; j < 4; j++)
            {
                int m = MelFeatureExtractor.FirstMelFrame(i) + j;
                var expected = m < melFrames ? mel.AsSpan(m * 80, 80) : new float[80];
                Assert.True(expected.SequenceEqual(row.Slice(j * 80, 80)), $"frame {i} mel row {j} (mel frame {m})");
            }
        }
    }

    [Fact]
    public void Voice_is_loud_and_digital_silence_is_the_floor()
    {
        var audio = TestSignals.Voice(16000);
        Array.Clear(audio, 8000, 8000);
        using var extractor = new MelFeatureExtractor();

        var features = extractor.Extract(audio, 25);

        Assert.True(features.Row(5).ToArray().Max() > 0);
        Assert.All(features.Row(20).ToArray(), v => Assert.Equal(-4f, v));
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var extractor = new MelFeatureExtractor();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => extractor.Extract(new float[16000], 25, null, cancelled.Token));
    }
}
