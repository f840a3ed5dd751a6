using ATSync.Core.Audio;

namespace ATSync.Tests.Audio;

public class MelSpectrogramTests
{
    [Fact]
    public void Matches_the_numpy_reference_within_1e_3()
    {
        var signal = ReferenceData.Load("signal_16k.npy");
        var reference = ReferenceData.Load("mel_ref.npy");

        var mel = MelSpectrogram.Compute(signal.Data);

        Assert.Equal(reference.Shape[0], MelSpectrogram.FrameCount(signal.Data.Length));
        Assert.Equal(reference.Data.Length, mel.Length);
        double maxDiff = mel.Zip(reference.Data, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff < 1e-3, $"max abs diff {maxDiff}");
        // the reference covers both clipped silence (-4) and loud frames
        Assert.Contains(reference.Data, v => v == -4f);
        Assert.Contains(reference.Data, v => v > 1f);
    }

    [Fact]
    public void Filter_bank_follows_slaney_scale_break_at_1kHz()
    {
        Assert.Equal(15.0, SlaneyMelFilterBank.HzToMel(1000), 12);
        Assert.Equal(7.5, SlaneyMelFilterBank.HzToMel(500), 12);
        Assert.Equal(4000.0, SlaneyMelFilterBank.MelToHz(SlaneyMelFilterBank.HzToMel(4000)), 9);
    }
}
