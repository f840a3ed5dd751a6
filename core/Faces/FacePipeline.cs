using OpenCvSharp;

namespace ATSync.Core.Faces;

/// <summary>A face detector and the landmark detector that places points in its boxes; disposes both.</summary>
public sealed class FacePipeline(IFaceDetector detector, ILandmarkDetector landmarks) : IDisposable
{
    public IFaceDetector Detector { get; } = detector;

    public ILandmarkDetector Landmarks { get; } = landmarks;

    /// <summary>The landmarks of the frame's main face (full-frame pixels), or null when no face is found.
    /// Safe to call from several threads (both stages are).</summary>
    public Point2f[]? DetectLandmarks(Mat bgrFrame) =>
        Detector.Detect(bgrFrame) is { } box ? Landmarks.Detect(bgrFrame, box) : null;

    public void Deconstruct(out IFaceDetector detector, out ILandmarkDetector landmarks)
    {
        detector = Detector;
        landmarks = Landmarks;
    }

    public void Dispose()
    {
        Detector.Dispose();
        Landmarks.Dispose();
    }
}
