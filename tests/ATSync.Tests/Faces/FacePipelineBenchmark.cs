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
        Skip.IfNot(Environment.GetEnvironmentVariable("ATSYNC_BENCH") == "1", "benchmark: set ATSYNC_BENCH=1 to run");
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

            var boxes = new FaceBox?[frames.Count];
            double haarMs = Time(() => { for (int i = 0; i < frames.Count; i++) boxes[i] = haar.Detect(frames[i]); }) / frames.Count;
            var found = Enumerable.Range(0, frames.Count).Where(i => boxes[i].HasValue).ToArray();
            var landmarks = new Point2f[]?[frames.Count];
            double dlibMs = Time(() => { foreach (int i in found) landmarks[i] = dlib.Detect(frames[i], boxes[i]!.Value); }) / found.Length;
            double onePassMs = Time(() =>
            {
                foreach (int i in found)
                {
                    var b = boxes[i]!.Value;
                    dlib.Predict(frames[i], new Rect2f(b.X, b.Y, b.Width, b.Height));
                }
            }) / found.Length;
            double yunetMs = Time(() => { for (int i = 0; i < 100; i++) yunet.Detect(frames[i]); }) / 100;
            double onnxMs = Time(() => { foreach (int i in found.Take(100)) onnx.Detect(frames[i], boxes[i]!.Value); }) / Math.Min(100, found.Length);

            output.WriteLine($"{frames.Count} frames of {frames[0].Width}x{frames[0].Height}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
            output.WriteLine($"Haar detect: {haarMs:F2} ms/frame, faces in {found.Length} frames");
            output.WriteLine($"dlib Detect (calibrated box + 1 refinement = 2 passes): {dlibMs:F2} ms/face; one dlib pass: {onePassMs:F2} ms");
            output.WriteLine($"YuNet detect: {yunetMs:F2} ms/frame; ONNX 68-point landmarks: {onnxMs:F2} ms/face");

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

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }
}
