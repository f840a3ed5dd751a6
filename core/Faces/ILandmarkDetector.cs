using OpenCvSharp;

namespace ATSync.Core.Faces;

/// <summary>Places 68 iBUG landmarks (full-frame pixels) on the face inside a box. Safe to call from several threads.</summary>
public interface ILandmarkDetector : IDisposable
{
    Point2f[] Detect(Mat bgrFrame, FaceBox box);
}
