using ATSync.Core.Faces;
using ATSync.Core.Inference;
using OpenCvSharp;

namespace ATSync.Tests.Inference;

public sealed class CompositeMaskTests
{
    [Fact]
    public void A_white_crop_on_black_shows_the_mask_full_in_the_middle_and_empty_at_the_square_edge()
    {
        using var frame = new Mat(400, 400, MatType.CV_8UC3, Scalar.All(0));
        using var white = new Mat(160, 160, MatType.CV_8UC3, Scalar.All(255));
        var region = new FaceCropRegion(100, 100, 200);
        using (var compositor = new FaceCompositor(new CompositeOptions { MatchColour = false }))
            compositor.Composite(frame, region, white);

        Assert.Equal(255, frame.At<Vec3b>(200, 200).Item0);               // centre: all generated
        Assert.Equal(255, frame.At<Vec3b>(250, 200).Item1);               // down to 3/4 of the square: still full weight
        for (int i = 0; i < 200; i++)
        {
            // The outer 6% of the square (12 pixels here) keeps the original on every side.
            foreach (var (y, x) in new[] { (100 + i, 100 + 11), (100 + i, 300 - 12), (100 + 11, 100 + i), (300 - 12, 100 + i) })
                Assert.Equal(0, frame.At<Vec3b>(y, x).Item2);
        }
        // In between the weight ramps down monotonically from the centre to the left edge.
        for (int x = 112; x < 200; x++)
            Assert.True(frame.At<Vec3b>(200, x).Item0 >= frame.At<Vec3b>(200, x - 1).Item0, $"mask not monotonic at x = {x}");
    }

    [Fact]
    public void Wrong_inputs_are_rejected_with_what_was_expected()
    {
        using var frame = new Mat(200, 200, MatType.CV_8UC3, Scalar.All(0));
        using var compositor = new FaceCompositor();
        var region = new FaceCropRegion(10, 10, 100);
        using var small = new Mat(100, 100, MatType.CV_8UC3);
        using var grey = new Mat(200, 200, MatType.CV_8UC1);
        using var crop = new Mat(160, 160, MatType.CV_8UC3);

        Assert.Contains("160x160", Assert.Throws<ArgumentException>(() => compositor.Composite(frame, region, small)).Message);
        Assert.Contains("76800", Assert.Throws<ArgumentException>(() => compositor.Composite(frame, region, new float[100])).Message);
        Assert.Contains("CV_8UC3", Assert.Throws<ArgumentException>(() => compositor.Composite(grey, region, crop)).Message);
        Assert.Throws<ArgumentException>(() => new FaceCompositor(new CompositeOptions { Feather = 0.5f }));
    }
}
