using OpenCvSharp;

namespace ATSync.Tests.Faces;

/// <summary>Measures on iBUG-68 landmark sets (0-based indices).</summary>
internal static class LandmarkGeometry
{
    /// <summary>Distance between the outer eye corners (36, 45): the usual normaliser for landmark errors.</summary>
    public static double InterOcular(Point2f[] l) => Distance(l[36], l[45]);

    public static double Distance(Point2f a, Point2f b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    /// <summary>Mean point-to-point distance, in inter-ocular distances of <paramref name="reference"/>.</summary>
    public static double MeanError(Point2f[] actual, Point2f[] reference) =>
        actual.Zip(reference).Average(p => Distance(p.First, p.Second)) / InterOcular(reference);

    public static double MeanY(Point2f[] l, int from, int to) => Enumerable.Range(from, to - from + 1).Average(i => l[i].Y);
}
