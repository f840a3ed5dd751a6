using OpenCvSharp;

namespace ATSync.Core.Faces.Dlib;

/// <summary>
/// Maps another detector's face box to the box dlib's HOG detector would give for the same face:
/// side = Scale * box width, centre = box centre + (OffsetX, OffsetY) * box width.
/// </summary>
public readonly record struct DlibBoxCalibration(float Scale, float OffsetX, float OffsetY)
{
    /// <summary>No change: the box already follows dlib's convention.</summary>
    public static DlibBoxCalibration Identity { get; } = new(1f, 0f, 0f);

    /// <summary>OpenCV's haarcascade_frontalface_default boxes (measured on the test clips; see the faces tests).</summary>
    public static DlibBoxCalibration HaarFrontalFace { get; } = new(1f, 0f, 0f);

    public Rect2f ToDlibBox(FaceBox box)
    {
        float side = Scale * box.Width;
        float cx = box.CenterX + OffsetX * box.Width;
        float cy = box.CenterY + OffsetY * box.Width;
        return new Rect2f(cx - side / 2, cy - side / 2, side, side);
    }
}
