using OpenCvSharp;

namespace ATSync.Core.Faces;

/// <summary>A landmark detector that can follow a face from the previous frame's landmarks, with no detector box:
/// in a talking-head video the face moves little between frames, and detecting it anew every frame is the slow part.</summary>
public interface ILandmarkTracker
{
    Point2f[] Track(Mat bgrFrame, ReadOnlySpan<Point2f> previous);
}
