using ATSync.Core.Faces;
using OpenCvSharp;

namespace ATSync.Core.Inference;

/// <summary>
/// How visible a square seam is around a crop square in a BGR frame, in grey levels.
/// <para>Definition. Along each side of the square that has room in the frame, at each pixel along the side, the
/// across-edge difference at normal position p (pixels inward from the square's first inside pixel) is
/// D(p) = |I(p + 1) - I(p - 1)|, averaged over B, G, R (a 2-pixel span, so a step smeared over a pixel by resampling
/// still counts in full). Two lines can carry a seam: p = 0, the square's edge (the reference pastes the whole square,
/// its outer ring resampled), and p = n = floor(4 * side / 168), the edge of the generated 160x160 inside the
/// 168x168 crop (where the reference's paste puts its brightness or sharpness step).</para>
/// <para><see cref="Boundary"/> = the larger of mean D(0) and mean D(n) over the measured sides;
/// <see cref="Background"/> = mean D over p = -5, -4, -3 and n + 3, n + 4, n + 5 (3-5 pixels beyond both lines on
/// either side: the image's own texture and gradients there); <see cref="Excess"/> = Boundary - Background.</para>
/// <para>An untouched frame has no reason to change faster exactly on those lines, so it scores about 0 (within about
/// a grey level either way); a crop pasted with different brightness, colour or blur steps there and scores several
/// grey levels or more. Sides with fewer than 6 frame pixels outside them are skipped.</para>
/// </summary>
public readonly record struct SeamScore(double Boundary, double Background, int MeasuredSides)
{
    private const int NearestBackground = 3, FarthestBackground = 5;

    /// <summary>How much sharper the change across the seam lines is than the image around them (grey levels).</summary>
    public double Excess => Boundary - Background;

    /// <summary>The score of the square <paramref name="region"/> moved inside the frame, as it is cut and composited.</summary>
    /// <exception cref="ArgumentException">The frame is not 8-bit BGR, or no side of the square can be measured.</exception>
    public static SeamScore Measure(Mat frame, FaceCropRegion region)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Empty() || frame.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"the frame must be a non-empty CV_8UC3 (BGR) image; got {frame.Width}x{frame.Height} {frame.Type()}", nameof(frame));
        var square = region.Within(frame.Width, frame.Height);
        int inset = FaceCropRegion.Border * square.Side / FaceCropRegion.ResizedSide;
        if (square.Side < 2 * (inset + FarthestBackground + 2))
            throw new ArgumentException($"the square {square} is too small to measure", nameof(region));

        int width = frame.Width, height = frame.Height;
        int left = square.X, top = square.Y, right = square.X + square.Side - 1, bottom = square.Y + square.Side - 1;
        // Each side: its first inside pixel along the normal, the inward direction, and whether the side is vertical.
        (int Edge, int Inward, bool Vertical, int Limit)[] sides =
        [
            (left, 1, true, width), (right, -1, true, width), (top, 1, false, height), (bottom, -1, false, height),
        ];
        double outerLine = 0, innerLine = 0, background = 0;
        int length = 0, measured = 0;
        foreach (var (edge, inward, vertical, limit) in sides)
        {
            int farOutside = edge - inward * (FarthestBackground + 1);
            if (farOutside < 0 || farOutside >= limit) continue;
            int from = vertical ? top : left, to = (vertical ? bottom : right) + 1;
            for (int along = from; along < to; along++)
            {
                outerLine += AcrossEdge(frame, vertical, along, edge, inward, 0);
                innerLine += AcrossEdge(frame, vertical, along, edge, inward, inset);
                double b = 0;
                for (int k = NearestBackground; k <= FarthestBackground; k++)
                    b += AcrossEdge(frame, vertical, along, edge, inward, -k) + AcrossEdge(frame, vertical, along, edge, inward, inset + k);
                background += b / (2 * (FarthestBackground - NearestBackground + 1));
            }
            length += to - from;
            measured++;
        }
        if (measured == 0)
            throw new ArgumentException($"no side of the square {square} has {FarthestBackground + 1} pixels of the {width}x{height} frame outside it", nameof(region));
        return new SeamScore(Math.Max(outerLine, innerLine) / length, background / length, measured);
    }

    /// <summary>D(p) = |I(p + 1) - I(p - 1)| along the inward normal from <paramref name="edge"/>, averaged over channels.</summary>
    private static double AcrossEdge(Mat image, bool vertical, int along, int edge, int inward, int p)
    {
        int a = edge + inward * (p + 1), b = edge + inward * (p - 1);
        Vec3b u = vertical ? image.At<Vec3b>(along, a) : image.At<Vec3b>(a, along);
        Vec3b v = vertical ? image.At<Vec3b>(along, b) : image.At<Vec3b>(b, along);
        return (Math.Abs(u.Item0 - v.Item0) + Math.Abs(u.Item1 - v.Item1) + Math.Abs(u.Item2 - v.Item2)) / 3.0;
    }
}
