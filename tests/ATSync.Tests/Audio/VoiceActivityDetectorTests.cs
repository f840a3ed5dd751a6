using ATSync.Core.Audio;

namespace ATSync.Tests.Audio;

public class VoiceActivityDetectorTests
{
    [Fact]
    public void Marks_a_silent_gap_as_silence_and_voice_as_speech()
    {
        // 6 s: voice, 2 s of room tone (frames 50..99), voice again
        var audio = TestSignals.VoiceWithGap(6, 2, 4);

        var speech = new VoiceActivityDetector().Detect(audio, 150);

        Assert.Equal(150, speech.Length);
        Assert.True(speech[10..48].All(s => s), "voice before the gap");
        Assert.True(speech[56..100].All(s => !s), "the gap after the hangover");
        Assert.True(speech[102..150].All(s => s), "voice after the gap");
    }

    [Fact]
    public void Digital_silence_and_frames_past_the_audio_are_silence()
    {
        var detector = new VoiceActivityDetector();
        Assert.All(detector.Detect(new float[16000], 25), s => Assert.False(s));
        var speech = detector.Detect(TestSignals.Voice(16000), 50);
        Assert.True(speech[5..20].All(s => s));
        Assert.True(speech[30..].All(s => !s));
    }
}
