using ATSync.Core.Faces;
using ATSync.Core.Media;
using OpenCvSharp;

namespace ATSync.Tests.Faces;

public sealed class LandmarkTrackTests
{
    /// <summary>A synthetic 68-point "face" whose crop points (1, 15, 29) give a 100-pixel square.</summary>
    private static Point2f[] Face(float dx = 0, float dy = 0)
    {
        var points = new Point2f[68];
        for (int i = 0; i < 68; i++) points[i] = new Point2f(150 + dx + (i % 10) * 3, 150 + dy + (i / 10) * 5);
        points[1] = new Point2f(100 + dx, 150 + dy);
        points[15] = new Point2f(200 + dx, 150 + dy);
        points[29] = new Point2f(150 + dx, 140 + dy);
        return points;
    }

    [Fact]
    public void Gaps_are_interpolated_between_their_neighbours_and_copied_at_the_ends()
    {
        Point2f[]?[] frames = [null, null, Face(), null, null, null, Face(40, -8), Face(40, -8), null];

        var track = LandmarkTrack.Build(frames, LandmarkScheme.Ibug68, new LandmarkTrackOptions { MinCoverage = 0.3 });

        Assert.Equal(Face()[20], track.Unsmoothed(0)[20]);
        Assert.Equal(Face()[20], track.Unsmoothed(1)[20]);
        Assert.Equal(Face(10, -2)[20], track.Unsmoothed(3)[20]);
        Assert.Equal(Face(20, -4)[20], track.Unsmoothed(4)[20]);
        Assert.Equal(Face(30, -6)[20], track.Unsmoothed(5)[20]);
        Assert.Equal(Face(40, -8)[20], track.Unsmoothed(8)[20]);
        Assert.Equal([new FrameRange(0, 1), new FrameRange(3, 5), new FrameRange(8, 8)], track.MissingRanges);
        Assert.Equal(3.0 / 9, track.Coverage, 6);
    }

    [Fact]
    public void Smoothing_steadies_the_crop_but_keeps_mouth_motion()
    {
        const int n = 250;
        var random = new Random(11);
        var truth = new Point2f[n][];
        var noisy = new Point2f[]?[n];
        for (int f = 0; f < n; f++)
        {
            // Slow head sway (0.2 Hz, 20 px) and speech: the mouth opens at 4 Hz by 6 px.
            float head = 20 * MathF.Sin(2 * MathF.PI * 0.2f * f / 25);
            truth[f] = Face(head, 0);
            float mouth = 6 * MathF.Sin(2 * MathF.PI * 4f * f / 25);
            for (int i = 48; i < 68; i++) truth[f][i].Y += mouth;
            noisy[f] = truth[f].Select(p => new Point2f(p.X + (float)(random.NextDouble() * 4 - 2), p.Y + (float)(random.NextDouble() * 4 - 2))).ToArray();
        }

        var track = LandmarkTrack.Build(noisy, LandmarkScheme.Ibug68);

        double rawJitter = CropJitter.Measure(track.Crops(640, 480, smoothed: false));
        double smoothJitter = CropJitter.Measure(track.Crops(640, 480));
        double trueJitter = CropJitter.Measure(truth.Select(l => FaceCropRegion.FromLandmarks(l, LandmarkScheme.Ibug68)).ToArray());
        Assert.True(smoothJitter < 0.5 * rawJitter, $"crop jitter {smoothJitter:F4} smoothed vs {rawJitter:F4} raw");
        Assert.True(smoothJitter < 2 * trueJitter, $"crop jitter {smoothJitter:F4} smoothed vs {trueJitter:F4} of the true motion");

        // The 4 Hz mouth motion (relative to the nose) keeps most of its amplitude.
        double amplitude = 0;
        for (int f = 0; f < n; f++)
        {
            double relative = track[f][57].Y - track[f][30].Y - (truth[0][57].Y - truth[0][30].Y);
            amplitude += relative * Math.Sin(2 * Math.PI * 4 * f / 25);
        }
        amplitude *= 2.0 / n;
        Assert.InRange(amplitude, 0.8 * 6, 1.05 * 6);
    }

    [Fact]
    public void Steady_motion_passes_the_smoothing_unchanged_up_to_the_clip_ends()
    {
        var frames = Enumerable.Range(0, 40).Select(f => Face(3f * f, -1.5f * f)).ToArray();

        var track = LandmarkTrack.Build(frames, LandmarkScheme.Ibug68);

        foreach (int f in new[] { 0, 1, 20, 38, 39 })
            foreach (int p in new[] { 1, 30, 57 })
            {
                Assert.Equal(frames[f][p].X, track[f][p].X, 0.01f);
                Assert.Equal(frames[f][p].Y, track[f][p].Y, 0.01f);
            }
    }

    [Fact]
    public void Too_few_faces_fail_with_the_missing_frame_ranges()
    {
        var frames = Enumerable.Range(0, 500).Select(f => f is <= 120 or (>= 300 and <= 490) ? null : Face()).ToArray();

        var e = Assert.Throws<FaceCoverageException>(() => LandmarkTrack.Build(frames, LandmarkScheme.Ibug68));

        Assert.StartsWith("no face found in 312 of 500 frames (0-120, 300-490)", e.Message);
        Assert.Equal(312, e.FramesWithoutFace);
        Assert.Equal(500, e.FrameCount);
    }

    [Fact]
    public void A_gap_longer_than_the_limit_fails_even_with_enough_faces()
    {
        var longGap = Enumerable.Range(0, 500).Select(f => f is >= 100 and <= 160 ? null : Face()).ToArray();
        var e = Assert.Throws<FaceCoverageException>(() => LandmarkTrack.Build(longGap, LandmarkScheme.Ibug68));
        Assert.Contains("(100-160)", e.Message);
        Assert.Contains("the longest is 61 frames", e.Message);

        var bridgeable = Enumerable.Range(0, 500).Select(f => f is >= 100 and <= 149 ? null : Face()).ToArray();
        Assert.Equal(0.9, LandmarkTrack.Build(bridgeable, LandmarkScheme.Ibug68).Coverage, 6);
        var looser = new LandmarkTrackOptions { MaxGapSeconds = 3 };
        Assert.Equal(500, LandmarkTrack.Build(longGap, LandmarkScheme.Ibug68, looser).FrameCount);
    }

    [Fact]
    public void A_clip_without_any_face_fails()
    {
        var e = Assert.Throws<FaceCoverageException>(() => LandmarkTrack.Build(new Point2f[]?[10], LandmarkScheme.Ibug68));
        Assert.StartsWith("no face found in 10 of 10 frames (0-9)", e.Message);
    }

    [Fact]
    public void Landmark_sets_of_the_wrong_size_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => LandmarkTrack.Build([Face(), new Point2f[5]], LandmarkScheme.Ibug68));
        Assert.Contains("frame 1 has 5 landmarks", e.Message);
    }
}
