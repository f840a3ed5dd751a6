using OpenCvSharp;

namespace ATSync.Core.Mouth;

/// <summary>
/// The iBUG-68 points that speech moves, which the mouth-shape model predicts and the sketch draws: the lower jaw
/// contour (3..13, it drops as the mouth opens), the outer lip (48..59) and the inner lip (60..67). They are predicted
/// relative to the nose tip (33), which speech does not move, so the head's position in the crop comes from the frame.
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

    /// <summary>Predicted points, in this order.</summary>
    public static IReadOnlyList<int> Moving { get; } =
        [.. Enumerable.Range(JawFirst, JawLast - JawFirst + 1), .. Enumerable.Range(OuterLipFirst, InnerLipLast - OuterLipFirst + 1)];

    /// <summary>Position of iBUG point <paramref name="point"/> in <see cref="Moving"/>.</summary>
    public static int IndexOf(int point) => point switch
    {
        >= JawFirst and <= JawLast => point - JawFirst,
        >= OuterLipFirst and <= InnerLipLast => JawLast - JawFirst + 1 + point - OuterLipFirst,
        _ => throw new ArgumentOutOfRangeException(nameof(point), point, "not a speech-moved point"),
    };

    /// <summary>The moving points of a full 68-point set, as offsets from its nose tip, x/y interleaved.</summary>
    public static double[] Offsets(ReadOnlySpan<Point2f> landmarks)
    {
        var anchor = landmarks[Anchor];
        var result = new double[2 * Moving.Count];
        for (var i = 0; i < Moving.Count; i++)
        {
            result[2 * i] = landmarks[Moving[i]].X - anchor.X;
            result[2 * i + 1] = landmarks[Moving[i]].Y - anchor.Y;
        }
        return result;
    }

    /// <summary>Mean inner-lip gap (pairs 61-67, 62-66, 63-65) of an offsets vector (<see cref="Offsets"/>).</summary>
    public static double InnerGap(ReadOnlySpan<double> offsets) =>
        (offsets[Y(67)] - offsets[Y(61)] + offsets[Y(66)] - offsets[Y(62)] + offsets[Y(65)] - offsets[Y(63)]) / 3;

    private static int Y(int point) => 2 * IndexOf(point) + 1;
}
