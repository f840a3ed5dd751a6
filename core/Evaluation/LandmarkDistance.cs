using OpenCvSharp;

namespace ATSync.Core.Evaluation;

/// <summary>
/// LMD, the landmark distance of lip-sync papers, in our units: the mean Euclidean distance between the 20 mouth
/// landmarks (iBUG-68 points 48-67, 0-based) of a generated and a real frame, divided by the real frame's
/// inter-ocular distance (outer eye corners 36 and 45, the 300-W normalisation), so it does not depend on the
/// face's size in pixels. 0 = identical mouths; a mouth drawn k pixels off scores k / IOD.
/// </summary>
public static class LandmarkDistance
{
    public const int MouthFirst = 48, MouthLast = 67;
    public const int LeftEyeOuter = 36, RightEyeOuter = 45;

    public static double InterOcular(IReadOnlyList<Point2f> landmarks)
    {
        Require68(landmarks);
        return Distance(landmarks[LeftEyeOuter], landmarks[RightEyeOuter]);
    }

    /// <exception cref="ArgumentException">Not 68 points each, or the real eyes coincide.</exception>
    public static double Mouth(IReadOnlyList<Point2f> real, IReadOnlyList<Point2f> generated)
    {
        Require68(real);
        Require68(generated);
        double iod = InterOcular(real);
        if (iod < 1e-6) throw new ArgumentException("the real frame's eye corners coincide: no inter-ocular distance", nameof(real));
        double sum = 0;
        for (int i = MouthFirst; i <= MouthLast; i++) sum += Distance(real[i], generated[i]);
        return sum / (MouthLast - MouthFirst + 1) / iod;
    }

    internal static double Distance(Point2f a, Point2f b) => Math.Sqrt((a.X - b.X) * (double)(a.X - b.X) + (a.Y - b.Y) * (double)(a.Y - b.Y));

    private static void Require68(IReadOnlyList<Point2f> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count != 68) throw new ArgumentException($"expected 68 iBUG landmarks, got {points.Count}", nameof(points));
    }
}
