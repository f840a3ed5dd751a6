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

    /// <summary>
    /// OpenCV's haarcascade_frontalface_default boxes: the box that best explains dlib's own landmarks was, on frames of
    /// five test clips, 0.85-0.94 times as wide and 0.04-0.10 box widths lower than the Haar box.
    /// </summary>
    public static DlibBoxCalibration HaarFrontalFace { get; } = new(0.9f, 0f, 0.08f);

    /// <summary>YuNet boxes (yunet_n_320_320.onnx): measured the same way, 1.05-1.18 times as wide, 0.05-0.09 widths
    /// lower and 0.00-0.05 widths to the right.</summary>
    public static DlibBoxCalibration YuNet { get; } = new(1.13f, 0.03f, 0.07f);

    public Rect2f ToDlibBox(FaceBox box)
    {
        float side = Scale * box.Width;
        float cx = box.CenterX + OffsetX * box.Width;
        float cy = box.CenterY + OffsetY * box.Width;
        return new Rect2f(cx - side / 2, cy - side / 2, side, side);
    }
}
