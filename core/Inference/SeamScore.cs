using ATSync.Core.Faces;
using OpenCvSharp;

namespace ATSync.Core.Inference;

/// <summary>
/// How visible a square seam is along a crop square's edges in a BGR frame, in grey levels.
/// <para>Definition. For each side of the square with room in the frame, walk along the side and take the mean
/// absolute difference (averaged over B, G, R) between neighbouring pixels across the edge:</para>
/// <para>- <see cref="Boundary"/>: the pair straddling the edge (first pixel inside vs first pixel outside);</para>
/// <para>- <see cref="Background"/>: the same across-edge difference on parallel pairs 3, 4 and 5 pixels further in
/// and 3, 4 and 5 pixels further out: the image's own texture and gradients at that place.</para>
/// <para><see cref="Excess"/> = Boundary - Background, length-weighted over the measured sides. An untouched frame
/// has no reason to change faster exactly on the square's lines, so it scores about 0 (a few tenths either way); a
/// crop pasted with different brightness, colour or blur steps exactly there and scores several grey levels or more.
/// Sides on the frame's border (no pixels outside) are skipped.</para>
/// </summary>
public readonly record struct SeamScore(double Boundary, double Background, int MeasuredSides)
{
    private static readonly int[] BackgroundOffsets = [-5, -4, -3, 3, 4, 5];

    /// <summary>How much sharper the change across the square's edge is than the image around it (grey levels).</summary>
    public double Excess => Boundary - Background;

    /// <summary>The score of the square <paramref name="region"/> moved inside the frame, as it is cut and composited.</summary>
    public static SeamScore Measure(Mat frame, FaceCropRegion region)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Measure(frame, region.Within(frame.Width, frame.Height).ToRect());
    }

    /// <exception cref="ArgumentException">The frame is not 8-bit BGR, or no side of the square can be measured.</exception>
    public static SeamScore Measure(Mat frame, Rect square)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Empty() || frame.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"the frame must be a non-empty CV_8UC3 (BGR) image; got {frame.Width}x{frame.Height} {frame.Type()}", nameof(frame));
        if (square.Width < 12 || square.Height < 12)
            throw new ArgumentException($"the square {square} is too small to measure (needs 12 pixels a side)", nameof(square));

        double boundary = 0, background = 0;
        int length = 0, sides = 0;
        // Each side: the first pixel inside along the normal, the inward direction, and whether the side is vertical.
        (int Edge, int Inward, bool Vertical, int Limit)[] edges =
        [
            (square.Left, 1, true, frame.Width),
            (square.Right - 1, -1, true, frame.Width),
            (square.Top, 1, false, frame.Height),
            (square.Bottom - 1, -1, false, frame.Height),
        ];
        foreach (var (edge, inward, vertical, limit) in edges)
        {
            int farOutside = edge - inward * 6; // the outer pixel of the outermost background pair
            if (farOutside < 0 || farOutside >= limit) continue;
            int from = vertical ? square.Top : square.Left, to = vertical ? square.Bottom : square.Right;
            for (int along = from; along < to; along++)
            {
                boundary += AcrossEdge(frame, vertical, along, edge, inward, 0);
                double b = 0;
                foreach (int k in BackgroundOffsets) b += AcrossEdge(frame, vertical, along, edge, inward, k);
                background += b / BackgroundOffsets.Length;
            }
            length += to - from;
            sides++;
        }
        if (sides == 0)
            throw new ArgumentException($"no side of the square {square} has 6 pixels of frame outside it ({frame.Width}x{frame.Height})", nameof(square));
        return new SeamScore(boundary / length, background / length, sides);
    }

    /// <summary>|I(edge + k) - I(edge + k - 1)| along the inward normal, averaged over channels; k = 0 straddles the edge.</summary>
    private static double AcrossEdge(Mat image, bool vertical, int along, int edge, int inward, int k)
    {
        int a = edge + inward * k, b = a - inward;
        Vec3b p = vertical ? image.At<Vec3b>(along, a) : image.At<Vec3b>(a, along);
        Vec3b q = vertical ? image.At<Vec3b>(along, b) : image.At<Vec3b>(b, along);
        return (Math.Abs(p.Item0 - q.Item0) + Math.Abs(p.Item1 - q.Item1) + Math.Abs(p.Item2 - q.Item2)) / 3.0;
    }
}
