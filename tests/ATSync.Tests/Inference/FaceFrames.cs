using ATSync.Core.Faces;
using ATSync.Tests.Faces;
using OpenCvSharp;

namespace ATSync.Tests.Inference;

/// <summary>A few real frames of the Obama clip with their crop squares (Haar + dlib 68), decoded and detected once.</summary>
public sealed class FaceFrames : IDisposable
{
    private readonly Lazy<List<(Mat Frame, FaceCropRegion Region)>> _frames = new(Load);

    public IReadOnlyList<(Mat Frame, FaceCropRegion Region)> All
    {
        get
        {
            Skip.IfNot(File.Exists(FaceDataPaths.Dlib68Predictor), $"{FaceDataPaths.Dlib68Predictor} is absent (Debian package libdlib-data)");
            Skip.IfNot(File.Exists(FaceDataPaths.HaarFrontalFace), $"{FaceDataPaths.HaarFrontalFace} is absent (Debian package opencv-data)");
            return _frames.Value;
        }
    }

    private static List<(Mat, FaceCropRegion)> Load()
    {
        // Four frames 4 s apart: different mouth shapes and head positions.
        var frames = ClipFrames.Read("obama_20s.mp4", 400, step: 100);
        using var pipeline = FacePipelineFactory.Create();
        var result = new List<(Mat, FaceCropRegion)>();
        foreach (var frame in frames)
        {
            var box = pipeline.Detector.Detect(frame);
            if (box is null) { frame.Dispose(); continue; }
            var landmarks = pipeline.Landmarks.Detect(frame, box.Value);
            result.Add((frame, FaceCropRegion.FromLandmarks(landmarks, LandmarkScheme.Ibug68).Within(frame.Width, frame.Height)));
        }
        Assert.True(result.Count >= 3, $"a face was found in only {result.Count} of {frames.Count} frames");
        return result;
    }

    public void Dispose()
    {
        if (!_frames.IsValueCreated) return;
        foreach (var (frame, _) in _frames.Value) frame.Dispose();
    }
}
