using System.Diagnostics;
using ATSync.Core.Faces;
using ATSync.Core.Faces.Dlib;
using ATSync.Core.Faces.Onnx;
using ATSync.Tests.Support;
using OpenCvSharp;
using Xunit.Abstractions;

namespace ATSync.Tests.Faces;

/// <summary>
/// Speed and jitter figures for the report, not a pass/fail test: runs only with ATSYNC_BENCH=1
/// (ATSYNC_BENCH=1 dotnet test tests/ATSync.Tests -c Release --no-build --filter "FullyQualifiedName~FacePipelineBenchmark"
/// --logger "console;verbosity=detailed").
/// </summary>
public sealed class FacePipelineBenchmark(ITestOutputHelper output)
{
    [SkippableFact]
    public void Obama_clip_speeds_and_jitter()
    {
        BenchmarkGate.SkipUnlessEnabled();
        var frames = ClipFrames.Read("obama_20s.mp4", 500);
        try
        {
            var watch = Stopwatch.StartNew();
            using var dlib = new DlibShapePredictor();
            output.WriteLine($"dlib .dat load: {watch.ElapsedMilliseconds} ms");
            using var haar = new HaarFaceDetector();
            using var yunet = new YuNetFaceDetector(SharedAssets.Model("yunet_n_320_320.onnx"));
            using var onnx = new OnnxLandmarkDetector(SharedAssets.Model("peppa_slim_160_latest.onnx"));

            // Warm up (JIT, OpenCV and ONNX Runtime first-call costs).
            var warmBox = haar.Detect(frames[0])!.Value;
            for (int i = 0; i < 5; i++) { dlib.Detect(frames[0], warmBox); yunet.Detect(frames[0]); onnx.Detect(frames[0], warmBox); haar.Detect(frames[i]); }

            output.WriteLine($"{frames.Count} frames of {frames[0].Width}x{frames[0].Height}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
            var boxes = new FaceBox?[frames.Count];
            Time("Haar detect per frame", frames.Count, () => { for (int i = 0; i < frames.Count; i++) boxes[i] = haar.Detect(frames[i]); });
            var found = Enumerable.Range(0, frames.Count).Where(i => boxes[i].HasValue).ToArray();
            output.WriteLine($"Haar found a face in {found.Length} of {frames.Count} frames");
            var landmarks = new Point2f[]?[frames.Count];
            Time("dlib Detect per face (calibrated box + 1 refinement = 2 passes)", found.Length,
                () => { foreach (int i in found) landmarks[i] = dlib.Detect(frames[i], boxes[i]!.Value); });
            Time("dlib single pass per face", found.Length, () =>
            {
                foreach (int i in found)
                {
                    var b = boxes[i]!.Value;
                    dlib.Predict(frames[i], new Rect2f(b.X, b.Y, b.Width, b.Height));
                }
            });
            Time("YuNet detect per frame", 100, () => { for (int i = 0; i < 100; i++) yunet.Detect(frames[i]); });
            Time("ONNX 68-point landmarks per face", 100, () => { foreach (int i in found.Take(100)) onnx.Detect(frames[i], boxes[i]!.Value); });

            var track = LandmarkTrack.Build(landmarks, LandmarkScheme.Ibug68);
            double raw = CropJitter.Measure(track.Crops(frames[0].Width, frames[0].Height, smoothed: false));
            double smooth = CropJitter.Measure(track.Crops(frames[0].Width, frames[0].Height));
            output.WriteLine($"coverage {track.Coverage:P1}, missing {string.Join(", ", track.MissingRanges)}; crop jitter raw {raw:F4}, smoothed {smooth:F4} (fraction of crop side per frame)");
        }
        finally
        {
            frames.DisposeAll();
        }
    }

    /// <summary>Prints wall and process CPU time per item: the machine is shared, so wall time alone varies a lot.</summary>
    private void Time(string what, int items, Action action)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        double wall = watch.Elapsed.TotalMilliseconds;
        process.Refresh();
        double cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        output.WriteLine($"{what}: {wall / items:F2} ms wall, {cpuMs / items:F2} ms process CPU");
    }
}
