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

    [Fact]
    public void A_sustained_loud_signal_without_any_quiet_frame_is_not_taken_for_the_noise_floor()
    {
        // 4 s of a steady -20 dBFS tone, then 2 s of room tone at -60 dBFS.
        var audio = new float[6 * 16000];
        var noise = new Random(3);
        for (int i = 0; i < audio.Length; i++)
            audio[i] = i < 4 * 16000 ? 0.1414f * MathF.Sin(2 * MathF.PI * 220 * i / 16000f) : 0.001f * (float)(noise.NextDouble() * 2 - 1);

        var detector = new VoiceActivityDetector();
        var whole = detector.Detect(audio, 150);
        var toneOnly = detector.Detect(audio.AsSpan(0, 4 * 16000), 100);

        Assert.True(toneOnly.All(s => s), "a recording that is loud throughout is speech throughout");
        Assert.True(whole[..100].All(s => s), "the loud part");
        Assert.True(whole[106..].All(s => !s), "the quiet tail after the hangover");
    }
}

public sealed class VoiceActivityDetectorSpeechTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("atsync-vad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void Espeak_speech_with_a_two_second_pause()
    {
        var first = Speak("The quick brown fox jumps over the lazy dog.");
        var second = Speak("Then it runs back home.");
        const int gap = 2 * 16000;
        var audio = new float[first.Length + gap + second.Length];
        first.CopyTo(audio, 0);
        second.CopyTo(audio, first.Length + gap);
        int frames = audio.Length / 640;
        int gapStartFrame = first.Length / 640, gapEndFrame = (first.Length + gap) / 640;

        var speech = new VoiceActivityDetector().Detect(audio, frames);

        // The pause is silence (after the hangover); most of each utterance is speech.
        Assert.True(speech[(gapStartFrame + 6)..(gapEndFrame - 1)].All(s => !s), "pause");
        Assert.True(speech[..gapStartFrame].Count(s => s) > 0.7 * gapStartFrame, "first utterance");
        Assert.True(speech[gapEndFrame..].Count(s => s) > 0.7 * (frames - gapEndFrame), "second utterance");
    }

    [SkippableFact]
    public void Obama_clip_pause_is_silence_and_loud_frames_are_speech()
    {
        var media = ATSync.Tests.Support.SharedAssets.Media("obama_20s.mp4");
        Skip.IfNot(OnPath("ffmpeg"), "ffmpeg is needed to decode the clip");
        var raw = Path.Combine(_dir, "obama.f32");
        Run("ffmpeg", "-v", "error", "-i", media, "-ac", "1", "-ar", "16000", "-f", "f32le", raw);
        var audio = ReadFloats(raw);
        int frames = audio.Length / 640;

        var speech = new VoiceActivityDetector().Detect(audio, frames);

        // 5.9-7.2 s of the clip is a pause (room tone around -54 dBFS); speech resumes at frame 180
        Assert.True(speech[152..180].All(s => !s), "pause at 6.1-7.2 s");
        Assert.True(speech[181], "speech resumes");
        for (int i = 0; i < frames; i++)
        {
            double rms = Math.Sqrt(audio.AsSpan(i * 640, 640).ToArray().Average(v => (double)v * v));
            if (rms > 0.1) Assert.True(speech[i], $"frame {i} (rms {rms:F3}) is loud speech");
        }
    }

    private static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var samples = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 4);
        return samples;
    }

    private float[] Speak(string text)
    {
        Skip.IfNot(OnPath("espeak-ng") && OnPath("sox"), "espeak-ng and sox are needed to make test speech");
        var wav = Path.Combine(_dir, Guid.NewGuid() + ".wav");
        var raw = Path.ChangeExtension(wav, ".raw");
        Run("espeak-ng", "-w", wav, text);
        Run("sox", wav, "-r", "16000", "-c", "1", "-e", "floating-point", "-b", "32", "-t", "raw", raw);
        return ReadFloats(raw);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    private static void Run(string tool, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
    }
}
