using OpenCvSharp;

namespace ATSync.Core.Faces;

/// <summary>Finds the main (largest, most confident) face in a BGR frame. Implementations are safe to call from
/// several threads at once.</summary>
public interface IFaceDetector : IDisposable
{
    /// <returns>The face box, or null when no face is found.</returns>
    FaceBox? Detect(Mat bgrFrame);
}
