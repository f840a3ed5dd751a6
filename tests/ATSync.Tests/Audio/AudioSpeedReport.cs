using System.Diagnostics;
using ATSync.Core.Audio;
using ATSync.Tests.Support;
using Xunit.Abstractions;

namespace ATSync.Tests.Audio;

/// <summary>
/// Prints extraction speeds for 20 s of audio (no assertions on time). Runs only when ATSYNC_BENCH=1:
/// ATSYNC_BENCH=1 dotnet test tests/ATSync.Tests -c Release --no-build
///   --filter FullyQualifiedName~ATSync.Tests.Audio.AudioSpeedReport --logger "console;verbosity=detailed"
/// </summary>
public class AudioSpeedReport(ITestOutputHelper output)
{
    [SkippableFact]
    public void Twenty_seconds_of_audio()
    {
        BenchmarkGate.SkipUnlessEnabled();
        var audio = TestSignals.Voice(16000 * 20);
        using var mel = new MelFeatureExtractor();
        using var hubert = new HubertFeatureExtractor(SharedAssets.Fixture("hubert_like.onnx"));
        using var wenet = new WenetFeatureExtractor(SharedAssets.Fixture("wenet_like.onnx"));
        foreach (IAudioFeatureExtractor extractor in new IAudioFeatureExtractor[] { mel, hubert, wenet })
            output.WriteLine($"{extractor.Kind} extract, 20 s -> 500 frames: {Measure(() => extractor.Extract(audio, 500)):F1} ms");
        output.WriteLine($"KaldiFbank, 20 s: {Measure(() => KaldiFbank.Compute(audio)):F1} ms");
        output.WriteLine($"VoiceActivityDetector, 20 s: {Measure(() => new VoiceActivityDetector().Detect(audio, 500)):F1} ms");
        var features = hubert.Extract(audio, 500);
        var window = new float[AudioFeatureWindow.Length(features)];
        output.WriteLine($"AudioFeatureWindow.Fill (hubert) x1000: {Measure(() =>
        {
            for (int i = 0; i < 1000; i++) AudioFeatureWindow.Fill(features, i % 500, window);
        }):F2} ms");
    }

    // Median of 5 runs after one warm-up run.
    private static double Measure(Action action)
    {
        action();
        var times = new double[5];
        for (int i = 0; i < times.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[2];
    }
}
