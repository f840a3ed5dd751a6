using ATSync.Core.Audio;

namespace ATSync.Tests.Audio;

public class KaldiFbankTests
{
    [Fact]
    public void Matches_the_numpy_kaldi_reference()
    {
        var signal = ReferenceData.Load("signal_16k.npy");
        var reference = ReferenceData.Load("fbank_ref.npy");
        var scaled = signal.Data.Select(v => v * 32768f).ToArray();

        var fbank = KaldiFbank.Compute(scaled);

        Assert.Equal(reference.Shape[0], KaldiFbank.FrameCount(scaled.Length));
        Assert.Equal(reference.Data.Length, fbank.Length);
        double maxDiff = fbank.Zip(reference.Data, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff < 1e-3, $"max abs diff {maxDiff}");
        Assert.Contains(reference.Data, v => v < -15f); // silent frames hit the epsilon floor
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(399, 0)]
    [InlineData(400, 1)]
    [InlineData(559, 1)]
    [InlineData(560, 2)]
    [InlineData(16000, 98)]
    public void Frame_count_snips_edges(int samples, int frames)
    {
        Assert.Equal(frames, KaldiFbank.FrameCount(samples));
        Assert.Equal(frames * 80, KaldiFbank.Compute(new float[samples]).Length);
    }
}
