namespace ATSync.Core.Faces;

/// <summary>A face detector and the landmark detector that places points in its boxes; disposes both.</summary>
public sealed class FacePipeline(IFaceDetector detector, ILandmarkDetector landmarks) : IDisposable
{
    public IFaceDetector Detector { get; } = detector;

    public ILandmarkDetector Landmarks { get; } = landmarks;

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
