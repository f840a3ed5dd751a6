using OpenCvSharp;

namespace ATSync.Core.Mouth;

/// <summary>
/// The iBUG-68 points that speech moves, which the mouth-shape model predicts and the sketch draws: the lower jaw
/// contour (3..13, it drops as the mouth opens), the outer lip (48..59) and the inner lip (60..67). They are predicted
/// relative to the nose tip (33) and the outer eye corners (36, 45), which speech does not move, so the head's position,
/// roll and size in the crop come from the frame.
/// </summary>
public static class MouthPoints
{
    public const int JawFirst = 3;
    public const int JawLast = 13;
    public const int OuterLipFirst = 48;
    public const int OuterLipLast = 59;
    public const int InnerLipFirst = 60;
    public const int InnerLipLast = 67;
    public const int Anchor = 33;
    public const int LeftEyeOuter = 36;
    public const int RightEyeOuter = 45;

    /// <summary>Predicted points, in this order.</summary>
    public static IReadOnlyList<int> Moving { get; } =
        [.. Enumerable.Range(JawFirst, JawLast - JawFirst + 1), .. Enumerable.Range(OuterLipFirst, InnerLipLast - OuterLipFirst + 1)];

    /// <summary>The moving points of a full 68-point set, in <see cref="Moving"/>'s order (the frame's own mouth).</summary>
    public static Point2f[] Select(IReadOnlyList<Point2f> landmarks) => Moving.Select(p => landmarks[p]).ToArray();

    /// <summary>Position of iBUG point <paramref name="point"/> in <see cref="Moving"/>.</summary>
    public static int IndexOf(int point) => point switch
    {
        >= JawFirst and <= JawLast => point - JawFirst,
        >= OuterLipFirst and <= InnerLipLast => JawLast - JawFirst + 1 + point - OuterLipFirst,
        _ => throw new ArgumentOutOfRangeException(nameof(point), point, "not a speech-moved point"),
    };

    /// <summary>
    /// The moving points of a full 68-point set in the head's own frame, x/y interleaved: origin at the nose tip, x along
    /// the outer eye corners (36 -> 45), in hundredths of their distance. Speech moves none of these reference points,
    /// so the head's roll and size in the crop come from the frame and not from the prediction (on obama_20s's held-out
    /// tail this cut the predicted points' error from 4.6 to 3.1 crop pixels; offsets from the nose tip alone: 4.6).
    /// </summary>
    public static double[] Offsets(IReadOnlyList<Point2f> landmarks)
    {
        var (origin, cos, sin, unit) = Frame(landmarks);
        var result = new double[2 * Moving.Count];
        for (var i = 0; i < Moving.Count; i++)
        {
            double dx = landmarks[Moving[i]].X - origin.X, dy = landmarks[Moving[i]].Y - origin.Y;
            result[2 * i] = (cos * dx + sin * dy) / unit;
            result[2 * i + 1] = (-sin * dx + cos * dy) / unit;
        }
        return result;
    }

    /// <summary>The inverse of <see cref="Offsets"/>: points in crop coordinates, placed by <paramref name="landmarks"/>' reference points.</summary>
    public static Point2f[] FromOffsets(ReadOnlySpan<double> offsets, IReadOnlyList<Point2f> landmarks)
    {
        var (origin, cos, sin, unit) = Frame(landmarks);
        var points = new Point2f[offsets.Length / 2];
        for (var i = 0; i < points.Length; i++)
        {
            double x = offsets[2 * i] * unit, y = offsets[2 * i + 1] * unit;
            points[i] = new Point2f((float)(origin.X + cos * x - sin * y), (float)(origin.Y + sin * x + cos * y));
        }
        return points;
    }

    private static (Point2f Origin, double Cos, double Sin, double Unit) Frame(IReadOnlyList<Point2f> landmarks)
    {
        if (landmarks.Count != 68) throw new ArgumentException($"the mouth points need the 68 iBUG landmarks, got {landmarks.Count}");
        double ex = landmarks[RightEyeOuter].X - landmarks[LeftEyeOuter].X, ey = landmarks[RightEyeOuter].Y - landmarks[LeftEyeOuter].Y;
        var distance = Math.Max(Math.Sqrt(ex * ex + ey * ey), 1e-3);
        return (landmarks[Anchor], ex / distance, ey / distance, distance / 100);
    }

    /// <summary>Mean inner-lip gap (pairs 61-67, 62-66, 63-65) of an offsets vector (<see cref="Offsets"/>).</summary>
    public static double InnerGap(ReadOnlySpan<double> offsets) =>
        (offsets[Y(67)] - offsets[Y(61)] + offsets[Y(66)] - offsets[Y(62)] + offsets[Y(65)] - offsets[Y(63)]) / 3;

    private static int Y(int point) => 2 * IndexOf(point) + 1;
}
