using OpenCvSharp;

namespace ATSync.Core.Faces;

/// <summary>
/// Finds landmarks frame after frame in one run of consecutive frames: the first frame (and any frame where tracking
/// looks wrong) goes through the detector; the others follow the previous frame's landmarks when the landmark model
/// can track (<see cref="ILandmarkTracker"/>). One instance per run of frames; not thread-safe.
/// </summary>
public sealed class FaceTracker(FacePipeline pipeline)
{
    /// <summary>Largest plausible change of the eye distance between consecutive frames.</summary>
    private const float MaxScaleChange = 1.2f;

    /// <summary>Largest plausible movement of the face centre between consecutive frames, in eye distances.</summary>
    private const float MaxShift = 0.5f;

    private Point2f[]? _previous;

    public Point2f[]? Next(Mat bgrFrame)
    {
        if (_previous is not null && pipeline.Landmarks is ILandmarkTracker tracker)
        {
            var tracked = tracker.Track(bgrFrame, _previous);
            if (Plausible(_previous, tracked)) return _previous = tracked;
        }
        return _previous = pipeline.DetectLandmarks(bgrFrame);
    }

    private static bool Plausible(Point2f[] before, Point2f[] after)
    {
        if (before.Length != 68 || after.Length != 68) return false;
        var eyesBefore = EyeDistance(before);
        var eyesAfter = EyeDistance(after);
        if (eyesBefore < 1 || eyesAfter < 1) return false;
        var scale = eyesAfter / eyesBefore;
        if (scale > MaxScaleChange || scale < 1 / MaxScaleChange) return false;
        var shift = Centre(after) - Centre(before);
        return Math.Sqrt(shift.X * shift.X + shift.Y * shift.Y) < MaxShift * eyesBefore;
    }

    private static float EyeDistance(Point2f[] p)
    {
        // Outer eye corners of the iBUG layout.
        var d = p[45] - p[36];
        return MathF.Sqrt(d.X * d.X + d.Y * d.Y);
    }

    private static Point2f Centre(Point2f[] p)
    {
        float x = 0, y = 0;
        foreach (var q in p) { x += q.X; y += q.Y; }
        return new Point2f(x / p.Length, y / p.Length);
    }
}
