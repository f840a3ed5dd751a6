using ATSync.Core.Evaluation;
using ATSync.Core.Faces;
using OpenCvSharp;

namespace ATSync.Tests.Evaluation;

/// <summary>Each metric on cases whose answer is known in advance.</summary>
public class EvaluationMetricsTests
{
    private static Mat Noise(int seed, int side = 160)
    {
        var image = new Mat(side, side, MatType.CV_8UC3);
        Cv2.Randu(image, Scalar.All(20), Scalar.All(230));
        // A little structure as well, so SSIM has edges to compare.
        Cv2.Circle(image, new Point(80 + seed % 7, 90), 30, new Scalar(40, 30, 110), -1);
        return image;
    }

    [Fact]
    public void IdenticalImagesScoreTheCappedPsnrAndSsimOne()
    {
        using var image = Noise(1);
        var (psnr, ssim) = ImageMetrics.Compare(image, image.Clone(), new Rect(30, 40, 100, 80));
        Assert.Equal(ImageMetrics.PsnrCap, psnr, 3);
        Assert.Equal(1.0, ssim, 5);
    }

    [Fact]
    public void AnEvenOffsetOfTenGreyLevelsGivesItsPsnr()
    {
        using var image = Noise(2);
        using var brighter = new Mat();
        image.ConvertTo(brighter, MatType.CV_8UC3, 1, 10); // values stay below 255: no clipping
        var (psnr, ssim) = ImageMetrics.Compare(brighter, image, new Rect(0, 0, 160, 160));
        Assert.Equal(20 * Math.Log10(255.0 / 10), psnr, 2); // 28.13 dB
        Assert.True(ssim is < 1 and > 0.9, $"ssim {ssim}");
    }

    [Fact]
    public void ADifferentMouthScoresLowerThanTheSameOne()
    {
        using var real = Noise(3);
        using var other = real.Clone();
        Cv2.Ellipse(other, new RotatedRect(new Point2f(80, 90), new Size2f(70, 10), 0), new Scalar(200, 180, 220), -1);
        var area = new Rect(30, 50, 100, 80);
        var (psnr, ssim) = ImageMetrics.Compare(other, real, area);
        Assert.True(psnr < 30 && ssim < 0.9, $"psnr {psnr} ssim {ssim}");
    }

    private static Point2f[] Face(float iod = 100)
    {
        var points = new Point2f[68];
        for (int i = 0; i < 68; i++) points[i] = new Point2f(200 + (i % 10) * 3, 200 + i);
        points[LandmarkDistance.LeftEyeOuter] = new Point2f(150, 150);
        points[LandmarkDistance.RightEyeOuter] = new Point2f(150 + iod, 150);
        return points;
    }

    [Fact]
    public void LmdIsZeroForTheSameLandmarksAndKOverIodForAMouthShiftedByK()
    {
        var real = Face(iod: 80);
        Assert.Equal(0, LandmarkDistance.Mouth(real, real.ToArray()));

        const float k = 4;
        var shifted = real.ToArray();
        for (int i = LandmarkDistance.MouthFirst; i <= LandmarkDistance.MouthLast; i++) shifted[i] = new Point2f(shifted[i].X + k, shifted[i].Y);
        for (int i = 0; i < 17; i++) shifted[i] = new Point2f(shifted[i].X - 20, shifted[i].Y); // the jaw does not count
        Assert.Equal(k / 80.0, LandmarkDistance.Mouth(real, shifted), 6);

        var diagonal = real.Select((p, i) => i is >= 48 and <= 67 ? new Point2f(p.X + 3, p.Y + 4) : p).ToArray();
        Assert.Equal(5 / 80.0, LandmarkDistance.Mouth(real, diagonal), 6); // a 3-4-5 shift
    }

    [Fact]
    public void AFrozenMouthHasNoOpeningCorrelationAndAFollowingOneHasFull()
    {
        var real = Enumerable.Range(0, 30).Select(i => 0.2 + 0.1 * Math.Sin(i / 2.0)).ToArray();
        var frozen = Enumerable.Repeat(0.25, 30).ToArray();
        Assert.Equal(0, MouthOpeningCorrelation.Correlate(frozen, real));
        Assert.Equal(1, MouthOpeningCorrelation.Correlate(real.Select(v => 2 * v + 0.1).ToArray(), real)!.Value, 9);
        Assert.Equal(-1, MouthOpeningCorrelation.Correlate(real.Select(v => -v).ToArray(), real)!.Value, 9);
        Assert.Null(MouthOpeningCorrelation.Correlate(real, frozen)); // a real mouth that never moves: nothing to follow
    }

    [Fact]
    public void OpeningIsTheInnerLipGapOverTheInterOcularDistance()
    {
        var closed = Face(iod: 100);
        foreach (var (upper, lower) in new[] { (61, 67), (62, 66), (63, 65) }) closed[lower] = closed[upper];
        Assert.Equal(0, MouthOpeningCorrelation.Opening(closed), 9);
        var open = closed.ToArray();
        foreach (var lower in new[] { 67, 66, 65 }) open[lower] = new Point2f(open[lower].X, open[lower].Y + 12);
        Assert.Equal(0.12, MouthOpeningCorrelation.Opening(open), 6);
    }

    [Fact]
    public void MouthRegionIsTheMouthBoxMappedIntoTheCropWithAMargin()
    {
        // A 168-pixel square at (100, 100): scale 1, so crop = frame - 100 - 4 (the border).
        var landmarks = Face();
        for (int i = 48; i <= 67; i++) landmarks[i] = new Point2f(150 + (i - 48) * 3, 180 + (i % 2) * 40); // x 150..207, y 180..220
        var rect = MouthRegion.InCrop(landmarks, LandmarkScheme.Ibug68, new FaceCropRegion(100, 100, 168), new Size(640, 480));
        Assert.Equal(new Rect(46 - MouthRegion.Margin, 76 - MouthRegion.Margin, 57 + 2 * MouthRegion.Margin, 40 + 2 * MouthRegion.Margin), rect);
        Assert.Equal(MouthRegion.Fallback, MouthRegion.InCrop(new Point2f[110], LandmarkScheme.Reference110, new FaceCropRegion(100, 100, 168), new Size(640, 480)));
    }

    [Fact]
    public void TheMeanMouthIsThePixelMean()
    {
        using var dark = new Mat(160, 160, MatType.CV_8UC3, Scalar.All(10));
        using var light = new Mat(160, 160, MatType.CV_8UC3, Scalar.All(110));
        using var mean = MouthBaselines.Mean([dark, light, light]);
        Assert.Equal(new Vec3b(77, 77, 77), mean.At<Vec3b>(80, 80));
    }
}
