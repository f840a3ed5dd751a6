using ATSync.Core.Faces;
using OpenCvSharp;

namespace ATSync.Tests.Inference;

/// <summary>Stand-ins for a generated crop, and the reference tool's naive paste to compare against.</summary>
internal static class CropEdits
{
    /// <summary>The frame's own network input, brighter by <paramref name="brightness"/> and slightly blurred.</summary>
    public static Mat Degraded(Mat frame, FaceCropRegion region, double brightness = 20, double blurSigma = 1.0)
    {
        using var input = region.CutNetworkInput(frame);
        var result = new Mat();
        input.ConvertTo(result, MatType.CV_8UC3, 1, brightness);
        Cv2.GaussianBlur(result, result, new Size(0, 0), blurSigma);
        return result;
    }

    /// <summary>The frame's own network input mirrored left-right: clearly different content of the same face.</summary>
    public static Mat Mirrored(Mat frame, FaceCropRegion region)
    {
        using var input = region.CutNetworkInput(frame);
        var result = new Mat();
        Cv2.Flip(input, result, FlipMode.Y);
        return result;
    }

    /// <summary>The reference's paste: inner 160 into the 168 crop, resized to the square, copied in with no blending.</summary>
    public static void NaivePaste(Mat frame, FaceCropRegion region, Mat generated)
    {
        var inside = region.Within(frame.Width, frame.Height);
        using var square = new Mat(frame, inside.ToRect());
        using var crop = new Mat();
        Cv2.Resize(square, crop, new Size(FaceCropRegion.ResizedSide, FaceCropRegion.ResizedSide), 0, 0, InterpolationFlags.Area);
        using (var inner = new Mat(crop, new Rect(FaceCropRegion.Border, FaceCropRegion.Border, FaceCropRegion.NetworkSide, FaceCropRegion.NetworkSide)))
            generated.CopyTo(inner);
        using var back = new Mat();
        Cv2.Resize(crop, back, new Size(inside.Side, inside.Side), 0, 0, InterpolationFlags.Linear);
        back.CopyTo(square);
    }

    /// <summary>Channel-major [3, 160, 160] floats in [0, 1], B G R: the network's output layout.</summary>
    public static float[] ToChw(Mat bgr)
    {
        int width = bgr.Width, height = bgr.Height, n = width * height;
        var chw = new float[3 * n];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var p = bgr.At<Vec3b>(y, x);
                int i = y * width + x;
                chw[i] = p.Item0 / 255f;
                chw[n + i] = p.Item1 / 255f;
                chw[2 * n + i] = p.Item2 / 255f;
            }
        return chw;
    }

    /// <summary>Mean absolute difference per channel value inside a rectangle.</summary>
    public static double MeanAbsDiff(Mat a, Mat b, Rect rect)
    {
        using var ra = new Mat(a, rect);
        using var rb = new Mat(b, rect);
        using var diff = new Mat();
        Cv2.Absdiff(ra, rb, diff);
        var m = Cv2.Mean(diff);
        return (m.Val0 + m.Val1 + m.Val2) / 3;
    }

    /// <summary>Pixels that differ between two frames outside a rectangle.</summary>
    public static int ChangedOutside(Mat a, Mat b, Rect rect)
    {
        using var diff = new Mat();
        Cv2.Absdiff(a, b, diff);
        diff[rect].SetTo(Scalar.All(0));
        // Per-channel maximum: a grey conversion could round a lone 1 away.
        var channels = Cv2.Split(diff);
        try
        {
            using var max = new Mat();
            Cv2.Max(channels[0], channels[1], max);
            Cv2.Max(max, channels[2], max);
            return Cv2.CountNonZero(max);
        }
        finally
        {
            foreach (var c in channels) c.Dispose();
        }
    }
}
