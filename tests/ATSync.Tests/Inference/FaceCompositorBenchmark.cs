using System.Diagnostics;
using ATSync.Core.Inference;
using ATSync.Tests.Support;
using OpenCvSharp;
using Xunit.Abstractions;

namespace ATSync.Tests.Inference;

/// <summary>
/// Per-frame compositing time for the report, not a pass/fail test: runs only with ATSYNC_BENCH=1
/// (ATSYNC_BENCH=1 dotnet test tests/ATSync.Tests -c Release --no-build --filter "FullyQualifiedName~FaceCompositorBenchmark"
/// --logger "console;verbosity=detailed").
/// </summary>
public sealed class FaceCompositorBenchmark(FaceFrames faces, ITestOutputHelper output) : IClassFixture<FaceFrames>
{
    [SkippableFact]
    public void Obama_450x450_composite_time()
    {
        BenchmarkGate.SkipUnlessEnabled();
        var (frame, region) = faces.All[0];
        using var generated = CropEdits.Degraded(frame, region);
        float[] chw = CropEdits.ToChw(generated);
        using var target = frame.Clone();
        foreach (bool matchColour in new[] { true, false })
        {
            using var compositor = new FaceCompositor(new CompositeOptions { MatchColour = matchColour });
            for (int i = 0; i < 50; i++) compositor.Composite(target, region, generated); // warm up: JIT, mask cache
            const int runs = 2000;
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < runs; i++) compositor.Composite(target, region, generated);
            double byteMs = watch.Elapsed.TotalMilliseconds / runs;
            watch.Restart();
            for (int i = 0; i < runs; i++) compositor.Composite(target, region, chw);
            double floatMs = watch.Elapsed.TotalMilliseconds / runs;
            output.WriteLine($"{frame.Width}x{frame.Height}, square {region.Side}, colour match {matchColour}: {byteMs:F3} ms/frame (Mat input), {floatMs:F3} ms/frame (float CHW input)");
        }
        // For a look by eye: ATSYNC_BENCH_OUT=<folder> writes original | naive paste | composited side by side.
        if (Environment.GetEnvironmentVariable("ATSYNC_BENCH_OUT") is { Length: > 0 } folder)
        {
            using var naive = frame.Clone();
            CropEdits.NaivePaste(naive, region, generated);
            using var blended = frame.Clone();
            using (var compositor = new FaceCompositor()) compositor.Composite(blended, region, generated);
            using var strip = new Mat();
            Cv2.HConcat([frame, naive, blended], strip);
            Cv2.ImWrite(Path.Combine(folder, "composite_comparison.png"), strip);
        }
        var seamWatch = Stopwatch.StartNew();
        for (int i = 0; i < 200; i++) SeamScore.Measure(frame, region);
        output.WriteLine($"SeamScore.Measure: {seamWatch.Elapsed.TotalMilliseconds / 200:F3} ms");
    }
}
