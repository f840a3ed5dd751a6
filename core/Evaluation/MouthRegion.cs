using ATSync.Core.Faces;
using OpenCvSharp;

namespace ATSync.Core.Evaluation;

/// <summary>
/// Where the image metrics are measured: a rectangle of the 160x160 network crop around the mouth. With iBUG-68
/// landmarks it is the box of the real frame's mouth points (48-67) mapped into the crop, grown by
/// <see cref="Margin"/> pixels (lips, teeth and the skin they move); with the reference tool's 110-point layout it is
/// the fixed <see cref="Fallback"/>. Real and generated crops are always compared on the same rectangle.
/// </summary>
public static class MouthRegion
{
    public const int Margin = 8;
    private const int Side = FaceCropRegion.NetworkSide;

    /// <summary>The lips and mouth of a typical crop (mid-nose at the top, chin near the bottom).</summary>
    public static Rect Fallback { get; } = new(36, 30, 88, 70);

    /// <summary>The rectangle for a frame of <paramref name="frameSize"/> cut at <paramref name="region"/>.</summary>
    public static Rect InCrop(IReadOnlyList<Point2f> landmarks, LandmarkScheme scheme, FaceCropRegion region, Size frameSize)
    {
        if (scheme != LandmarkScheme.Ibug68 || landmarks.Count != 68) return Fallback;
        var square = region.Within(frameSize.Width, frameSize.Height);
        // Frame -> crop: the square is resized to 168 and its inner 160 (border 4) is the crop.
        double scale = FaceCropRegion.ResizedSide / (double)square.Side;
        double left = double.MaxValue, top = double.MaxValue, right = double.MinValue, bottom = double.MinValue;
        for (int i = LandmarkDistance.MouthFirst; i <= LandmarkDistance.MouthLast; i++)
        {
            double x = (landmarks[i].X - square.X) * scale - FaceCropRegion.Border;
            double y = (landmarks[i].Y - square.Y) * scale - FaceCropRegion.Border;
            left = Math.Min(left, x);
            right = Math.Max(right, x);
            top = Math.Min(top, y);
            bottom = Math.Max(bottom, y);
        }
        int x0 = Math.Clamp((int)Math.Floor(left) - Margin, 0, Side - 1), y0 = Math.Clamp((int)Math.Floor(top) - Margin, 0, Side - 1);
        int x1 = Math.Clamp((int)Math.Ceiling(right) + Margin, x0 + 1, Side), y1 = Math.Clamp((int)Math.Ceiling(bottom) + Margin, y0 + 1, Side);
        // Too small to score (a mouth outside the crop): the fixed rectangle instead.
        return x1 - x0 < 16 || y1 - y0 < 8 ? Fallback : new Rect(x0, y0, x1 - x0, y1 - y0);
    }
}
