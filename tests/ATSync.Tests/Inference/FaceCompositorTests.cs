using ATSync.Core.Faces;
using ATSync.Core.Inference;
using OpenCvSharp;
using Xunit.Abstractions;

namespace ATSync.Tests.Inference;

public sealed class FaceCompositorTests(FaceFrames faces, ITestOutputHelper output) : IClassFixture<FaceFrames>
{
    [SkippableFact]
    public void Putting_back_the_frames_own_crop_changes_the_frame_very_little()
    {
        using var compositor = new FaceCompositor();
        foreach (var (frame, region) in faces.All)
        {
            using var own = region.CutNetworkInput(frame);
            using var result = frame.Clone();
            compositor.Composite(result, region, own);

            double diff = CropEdits.MeanAbsDiff(frame, result, region.ToRect());
            output.WriteLine($"{region}: mean abs diff inside the square {diff:F3}");
            Assert.True(diff < 1.5, $"round trip changed the square by {diff:F2} grey levels on average");
        }
    }

    [SkippableFact]
    public void A_brighter_blurred_crop_leaves_no_seam_where_a_naive_paste_does()
    {
        using var compositor = new FaceCompositor();
        using var maskOnly = new FaceCompositor(new CompositeOptions { MatchColour = false });
        foreach (var (frame, region) in faces.All)
        {
            using var generated = CropEdits.Degraded(frame, region, brightness: 20, blurSigma: 1.0);
            using var naive = frame.Clone();
            CropEdits.NaivePaste(naive, region, generated);
            using var blended = frame.Clone();
            compositor.Composite(blended, region, generated);
            using var unmatched = frame.Clone();
            maskOnly.Composite(unmatched, region, generated);

            var original = SeamScore.Measure(frame, region);
            var pasted = SeamScore.Measure(naive, region);
            var ours = SeamScore.Measure(blended, region);
            var oursUnmatched = SeamScore.Measure(unmatched, region);
            output.WriteLine($"{region}: seam excess original {original.Excess:F2} (boundary {original.Boundary:F2}, background {original.Background:F2}), " +
                             $"naive paste {pasted.Excess:F2}, compositor {ours.Excess:F2}, compositor without colour match {oursUnmatched.Excess:F2}");

            Assert.True(pasted.Excess > original.Excess + 8, $"the naive paste's seam {pasted.Excess:F2} is not clearly above the original's {original.Excess:F2}");
            Assert.True(ours.Excess < original.Excess + 0.5, $"the composited seam {ours.Excess:F2} is above the original's {original.Excess:F2} + 0.5");
            Assert.True(oursUnmatched.Excess < original.Excess + 0.5, $"the seam without colour matching {oursUnmatched.Excess:F2} is above the original's {original.Excess:F2} + 0.5");
            // The generated mouth is really there: without colour matching, the centre is the brighter, generated one.
            var centre = new Rect(region.X + region.Side * 3 / 8, region.Y + region.Side * 3 / 8, region.Side / 4, region.Side / 4);
            using var blendedCentre = new Mat(unmatched, centre);
            using var frameCentre = new Mat(frame, centre);
            double brighter = Cv2.Mean(blendedCentre).Val1 - Cv2.Mean(frameCentre).Val1;
            Assert.True(brighter > 15, $"the mouth area is only {brighter:F1} brighter: the generated crop was not blended in");
        }
    }

    [SkippableFact]
    public void Colour_matching_pulls_a_brighter_crop_back_to_the_frames_exposure()
    {
        var (frame, region) = faces.All[0];
        using var generated = CropEdits.Degraded(frame, region, brightness: 20, blurSigma: 1.0);
        using var matched = frame.Clone();
        using (var compositor = new FaceCompositor()) compositor.Composite(matched, region, generated);
        using var unmatched = frame.Clone();
        using (var compositor = new FaceCompositor(new CompositeOptions { MatchColour = false })) compositor.Composite(unmatched, region, generated);

        double withMatch = CropEdits.MeanAbsDiff(frame, matched, region.ToRect());
        double without = CropEdits.MeanAbsDiff(frame, unmatched, region.ToRect());
        output.WriteLine($"mean abs diff to the original inside the square: matched {withMatch:F2}, unmatched {without:F2}");
        Assert.True(withMatch < without / 2, $"colour matching left {withMatch:F2} of {without:F2} grey levels of difference");
    }

    [SkippableFact]
    public void Pixels_outside_the_crop_square_are_untouched()
    {
        using var compositor = new FaceCompositor();
        foreach (var (frame, region) in faces.All)
        {
            using var generated = CropEdits.Mirrored(frame, region);
            using var result = frame.Clone();
            var used = compositor.Composite(result, region, generated);

            Assert.Equal(region, used);
            Assert.Equal(0, CropEdits.ChangedOutside(frame, result, region.ToRect()));
            Assert.True(CropEdits.MeanAbsDiff(frame, result, region.ToRect()) > 3, "nothing was composited");
        }
    }

    [SkippableFact]
    public void A_region_past_the_frame_edge_is_composited_where_it_was_cut()
    {
        var (frame, region) = faces.All[0];
        using var compositor = new FaceCompositor();
        // Past the left edge and past the bottom-right corner: both are moved inside, as CutNetworkInput moves them.
        FaceCropRegion[] outside = [region with { X = -region.Side / 3 }, new(frame.Width - region.Side / 2, frame.Height - region.Side / 3, region.Side)];
        foreach (var off in outside)
        {
            using var generated = CropEdits.Degraded(frame, off);
            using var result = frame.Clone();
            var used = compositor.Composite(result, off, generated);

            Assert.Equal(off.Within(frame.Width, frame.Height), used);
            Assert.True(used.X == 0 || used.X + used.Side == frame.Width, $"{used} does not touch the frame edge");
            Assert.Equal(0, CropEdits.ChangedOutside(frame, result, used.ToRect()));
            var original = SeamScore.Measure(frame, off);
            var ours = SeamScore.Measure(result, off);
            output.WriteLine($"{off} -> {used}: seam excess original {original.Excess:F2}, compositor {ours.Excess:F2} over {ours.MeasuredSides} sides");
            Assert.True(ours.Excess < original.Excess + 0.5, $"seam {ours.Excess:F2} vs original {original.Excess:F2}");
        }
    }

    [SkippableFact]
    public void The_float_chw_output_composites_exactly_like_the_byte_image()
    {
        var (frame, region) = faces.All[1];
        using var generated = CropEdits.Mirrored(frame, region);
        float[] chw = CropEdits.ToChw(generated);
        using var compositor = new FaceCompositor();
        using var fromBytes = frame.Clone();
        compositor.Composite(fromBytes, region, generated);
        using var fromFloats = frame.Clone();
        compositor.Composite(fromFloats, region, chw);

        Assert.Equal(0.0, CropEdits.MeanAbsDiff(fromBytes, fromFloats, new Rect(0, 0, frame.Width, frame.Height)));
        Assert.True(CropEdits.MeanAbsDiff(frame, fromFloats, region.ToRect()) > 3, "nothing was composited");
    }
}
