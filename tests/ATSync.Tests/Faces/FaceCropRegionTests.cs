using ATSync.Core.Faces;
using OpenCvSharp;
using static ATSync.Tests.Faces.LandmarkGeometry;

namespace ATSync.Tests.Faces;

[Collection(FaceModelsCollection.Name)]
public sealed class FaceCropRegionTests(SharedFaceModels models)
{
    [Fact]
    public void Ibug68_uses_jaw_points_1_and_15_and_nose_bridge_29()
    {
        var l = Enumerable.Range(0, 68).Select(i => new Point2f(i, 1000 + i)).ToArray();
        l[1] = new Point2f(80.4f, 0); l[15] = new Point2f(180.2f, 0); l[29] = new Point2f(0, 120.6f);

        Assert.Equal(new FaceCropRegion(80, 121, 100), FaceCropRegion.FromLandmarks(l, LandmarkScheme.Ibug68));
    }

    [Fact]
    public void Reference110_uses_points_1_31_and_52()
    {
        var l = new Point2f[110];
        l[1] = new Point2f(50, 0); l[31] = new Point2f(250, 0); l[52] = new Point2f(0, 77);

        Assert.Equal(new FaceCropRegion(50, 77, 200), FaceCropRegion.FromLandmarks(l, LandmarkScheme.Reference110));
    }

    [Fact]
    public void Degenerate_landmarks_are_rejected()
    {
        var l = new Point2f[68];
        Assert.Throws<ArgumentException>(() => FaceCropRegion.FromLandmarks(l, LandmarkScheme.Ibug68));
        Assert.Throws<ArgumentException>(() => FaceCropRegion.FromLandmarks(l, LandmarkScheme.Reference110));
    }

    [Theory]
    [InlineData(10, 20, 100, 10, 20, 100)]     // inside: unchanged
    [InlineData(-30, -5, 100, 0, 0, 100)]      // past the top-left: shifted in
    [InlineData(600, 400, 100, 540, 380, 100)] // past the bottom-right of 640x480: shifted in
    [InlineData(100, 0, 600, 160, 0, 480)]     // larger than the frame: shrunk about its centre, then shifted in
    public void Within_keeps_the_square_inside_the_frame(int x, int y, int side, int ex, int ey, int eside)
    {
        Assert.Equal(new FaceCropRegion(ex, ey, eside), new FaceCropRegion(x, y, side).Within(640, 480));
    }

    [Fact]
    public void Cuts_the_inner_160_of_a_168_resize()
    {
        using var frame = new Mat(480, 640, MatType.CV_8UC3, new Scalar(0, 0, 255));
        // A 336-pixel square: resized by 1/2, the 4-pixel border of the 168 image is 8 source pixels wide.
        var crop = new FaceCropRegion(100, 50, 336);
        frame[new Rect(100 + 8, 50 + 8, 320, 320)].SetTo(new Scalar(0, 255, 0));

        using var input = crop.CutNetworkInput(frame);

        Assert.Equal(new Size(160, 160), input.Size());
        Assert.Equal(MatType.CV_8UC3, input.Type());
        // All green: exactly the border (the red ring around the inner square) was cut away.
        Assert.Equal(new Scalar(0, 255, 0, 0), Cv2.Mean(input));
    }

    [Fact]
    public void A_crop_past_the_frame_edge_is_cut_from_the_shifted_square()
    {
        using var frame = new Mat(300, 400, MatType.CV_8UC3, Scalar.All(0));
        frame[new Rect(300, 0, 100, 300)].SetTo(new Scalar(255, 0, 0));

        using var input = new FaceCropRegion(350, 250, 100).CutNetworkInput(frame);

        Assert.Equal(new Size(160, 160), input.Size());
        Assert.Equal(new Scalar(255, 0, 0, 0), Cv2.Mean(input));
    }

    [SkippableFact]
    public void On_a_real_face_the_square_runs_from_mid_nose_past_the_chin()
    {
        var frames = ClipFrames.Read("obama_20s.mp4", 1);
        try
        {
            var box = models.Haar.Detect(frames[0])!.Value;
            var l = models.Dlib.Detect(frames[0], box);
            var crop = FaceCropRegion.FromLandmarks(l, LandmarkScheme.Ibug68);

            Assert.InRange(crop.Y, l[27].Y, l[33].Y);          // starts on the nose, between bridge top and the nostrils
            Assert.True(crop.Y + crop.Side > l[8].Y, $"crop bottom {crop.Y + crop.Side} above the chin {l[8].Y}");
            Assert.True(crop.Y + crop.Side < l[8].Y + 0.6 * crop.Side, "crop reaches far below the chin");
            Assert.True(crop.X < l[48].X && crop.X + crop.Side > l[54].X, "mouth corners outside the crop");
            Assert.InRange(crop.Side, 1.5 * InterOcular(l), 3.0 * InterOcular(l));
        }
        finally
        {
            frames.DisposeAll();
        }
    }
}
