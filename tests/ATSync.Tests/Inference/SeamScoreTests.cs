using ATSync.Core.Faces;
using ATSync.Core.Inference;
using OpenCvSharp;

namespace ATSync.Tests.Inference;

public sealed class SeamScoreTests
{
    /// <summary>A smooth diagonal ramp with mild texture: gradients everywhere, none special at any square.</summary>
    private static Mat Textured(int width = 300, int height = 240)
    {
        var image = new Mat(height, width, MatType.CV_8UC3);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                byte v = (byte)(40 + (x + y) / 3 + 2 * ((x * 7 + y * 13) % 5));
                image.Set(y, x, new Vec3b(v, (byte)(v + 10), (byte)(v + 20)));
            }
        return image;
    }

    [Fact]
    public void An_untouched_image_scores_about_zero()
    {
        using var image = Textured();
        var score = SeamScore.Measure(image, new FaceCropRegion(80, 60, 120));

        Assert.Equal(4, score.MeasuredSides);
        Assert.True(score.Background > 1, "the test image should have texture");
        Assert.InRange(score.Excess, -1.0, 1.0);
    }

    [Fact]
    public void A_brighter_pasted_square_scores_about_its_step()
    {
        using var image = Textured();
        var square = new FaceCropRegion(80, 60, 120);
        using (var inside = new Mat(image, square.ToRect())) Cv2.Add(inside, Scalar.All(12), inside);

        var score = SeamScore.Measure(image, square);

        // The step adds 12 on top of the texture's own difference (the two only partly cancel).
        Assert.InRange(score.Excess, 8.0, 14.0);
    }

    [Fact]
    public void A_step_at_the_generated_areas_edge_counts_too()
    {
        using var image = Textured();
        var square = new FaceCropRegion(80, 60, 120);
        int inset = FaceCropRegion.Border * 120 / FaceCropRegion.ResizedSide + 1; // first fully generated pixel
        using (var inner = new Mat(image, new Rect(80 + inset, 60 + inset, 120 - 2 * inset, 120 - 2 * inset))) Cv2.Add(inner, Scalar.All(12), inner);

        Assert.InRange(SeamScore.Measure(image, square).Excess, 8.0, 14.0);
    }

    [Fact]
    public void Sides_on_the_frame_border_are_skipped()
    {
        using var image = Textured();
        var score = SeamScore.Measure(image, new FaceCropRegion(-20, -20, 100));

        Assert.Equal(2, score.MeasuredSides);
        using var small = Textured(100, 100);
        Assert.Throws<ArgumentException>(() => SeamScore.Measure(small, new FaceCropRegion(0, 0, 100)));
    }
}
