using ATSync.Core.Inference;
using OpenCvSharp;

namespace ATSync.Core.Evaluation;

/// <summary>
/// Does the generated mouth open and close when the real one does? The opening of a frame is the mean gap between
/// the inner lips (iBUG-68 pairs 61-67, 62-66, 63-65) over the inter-ocular distance; the score is the Pearson
/// correlation of the generated and the real openings over the evaluated frames.
/// </summary>
public static class MouthOpeningCorrelation
{
    private static readonly (int Upper, int Lower)[] InnerLipPairs = [(61, 67), (62, 66), (63, 65)];

    public static double Opening(IReadOnlyList<Point2f> landmarks)
    {
        double iod = LandmarkDistance.InterOcular(landmarks);
        double gap = InnerLipPairs.Average(p => LandmarkDistance.Distance(landmarks[p.Upper], landmarks[p.Lower]));
        return iod < 1e-6 ? 0 : gap / iod;
    }

    /// <summary>
    /// Pearson r of the two series. A generated series that does not move while the real one does scores 0 (it
    /// follows nothing: a frozen mouth), not "undefined"; null with fewer than 3 frames or when the real mouth never moves.
    /// </summary>
    public static double? Correlate(IReadOnlyList<double> generated, IReadOnlyList<double> real)
    {
        if (generated.Count != real.Count) throw new ArgumentException($"series differ in length ({generated.Count} and {real.Count})");
        if (real.Count < 3 || IsConstant(real)) return null;
        return IsConstant(generated) ? 0 : MouthOpening.Pearson(generated, real);
    }

    private static bool IsConstant(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) <= 1e-18;
    }
}
