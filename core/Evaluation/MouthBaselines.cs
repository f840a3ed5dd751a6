using ATSync.Core.Faces;
using OpenCvSharp;

namespace ATSync.Core.Evaluation;

/// <summary>
/// The two answers a model must beat, computed on the same frames and composited the same way as its output:
/// <b>reference paste</b> (the reference frame's own crop, i.e. a network that ignores the audio and copies its
/// reference input) and <b>mean mouth</b> (the pixel mean of the training frames' crops: the best single still
/// mouth in the least-squares sense).
/// </summary>
public static class MouthBaselines
{
    public const string Model = "model";
    public const string ReferencePaste = "reference_paste";
    public const string MeanMouth = "mean_mouth";

    /// <summary>The per-pixel mean of 160x160 CV_8UC3 crops, rounded. The caller owns the result.</summary>
    public static Mat Mean(IEnumerable<Mat> crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        const int side = FaceCropRegion.NetworkSide;
        using var sum = new Mat(side, side, MatType.CV_64FC3, Scalar.All(0));
        using var wide = new Mat();
        int count = 0;
        foreach (var crop in crops)
        {
            if (crop.Type() != MatType.CV_8UC3 || crop.Width != side || crop.Height != side)
                throw new ArgumentException($"crops must be {side}x{side} CV_8UC3; got {crop.Width}x{crop.Height} {crop.Type()}", nameof(crops));
            crop.ConvertTo(wide, MatType.CV_64FC3);
            Cv2.Add(sum, wide, sum);
            count++;
        }
        if (count == 0) throw new ArgumentException("the mean mouth needs at least one crop", nameof(crops));
        var mean = new Mat();
        sum.ConvertTo(mean, MatType.CV_8UC3, 1.0 / count);
        return mean;
    }
}
