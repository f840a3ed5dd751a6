using ATSync.Core.Training;
using OpenCvSharp;

namespace ATSync.Tests.Training;

/// <summary>Reference frames by head pose: the nearest pose wins, the mouth does not count, time neighbours are left out.</summary>
public sealed class PoseNeighboursTests
{
    // A face whose head points move by `turn` pixels sideways, and whose mouth and chin (points 4-12, 48-67) open by `mouth`.
    private static Point2f[] Face(float turn, float mouth) =>
        Enumerable.Range(0, 68).Select(i =>
        {
            var moving = i is >= 4 and <= 12 or >= 48;
            return new Point2f(i + turn, 2 * i + (moving ? mouth : 0));
        }).ToArray();

    [Fact]
    public void Neighbours_share_the_head_pose_whatever_the_mouth_and_skip_the_frames_around_them()
    {
        // 60 frames: the head turned (turn 10) in 20..39, straight elsewhere; the mouth opens and closes throughout.
        var faces = Enumerable.Range(0, 60).Select(f => Face(f is >= 20 and < 40 ? 10 : 0.05f * (f % 7), 30 * (f % 3))).ToArray();
        var train = Enumerable.Range(0, 50).ToArray();
        var neighbours = new PoseNeighbours(faces, train);

        foreach (var frame in new[] { 25, 30, 34 })
        {
            var picked = neighbours.For(frame);
            Assert.Equal(PoseNeighbours.Count, picked.Count);
            Assert.All(picked, p => Assert.InRange(p, 20, 39));                                    // the turned head only
            Assert.All(picked, p => Assert.True(Math.Abs(p - frame) >= PoseNeighbours.MinimumFrameGap, $"{p} is next to {frame}"));
        }
        // A held-out frame (55) gets training frames only, straight ones, nearest pose first.
        var held = neighbours.For(55);
        Assert.All(held, p => Assert.True(p < 50 && p is < 20 or >= 40));
        Assert.Equal(0, Distance(faces[55], faces[held[0]]), 3);                                 // 55 % 7 == 6: frames 6, 13, 41, 48 match exactly
        Assert.True(Distance(faces[55], faces[held[0]]) <= Distance(faces[55], faces[held[^1]]));
    }

    [Fact]
    public void A_clip_shorter_than_the_gap_still_gets_other_frames_and_fewer_than_68_points_are_refused()
    {
        var faces = Enumerable.Range(0, 4).Select(f => Face(f, 0)).ToArray();
        var neighbours = new PoseNeighbours(faces, [0, 1, 2, 3]);
        Assert.Equal([0, 2, 3], neighbours.For(1));                                          // equal distances: the earlier frame first
        Assert.Throws<ArgumentException>(() => new PoseNeighbours([new Point2f[20], new Point2f[20]], [0, 1]));
    }

    private static double Distance(Point2f[] a, Point2f[] b) =>
        a.Zip(b).Where((_, i) => i is < 4 or > 12 and < 48).Sum(p => Math.Pow(p.First.X - p.Second.X, 2) + Math.Pow(p.First.Y - p.Second.Y, 2));
}
