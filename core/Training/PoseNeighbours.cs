using OpenCvSharp;

namespace ATSync.Core.Training;

/// <summary>
/// For every frame, the training frames whose head pose is nearest: the iBUG-68 points that move with the head and
/// not with speech (the jaw line's upper ends, nose, eyes), compared in crop coordinates. A frame's own neighbourhood
/// in time (<see cref="MinimumFrameGap"/>) is left out, so a reference never shows the mouth the network must draw.
/// Why: at inference the reference is the source frame's own crop, in the very pose of the frame being drawn; a
/// reference in another pose (a random frame, as the reference tool trains) teaches the network to redraw the jaw line
/// and chin from elsewhere, which shows as a doubled jaw edge where the head has turned.
/// </summary>
public sealed class PoseNeighbours
{
    /// <summary>Candidates per frame: training draws one at random each time, for variety of mouths and lighting.</summary>
    public const int Count = 8;

    /// <summary>Frames closer in time than this (±6 frames, 240 ms: one syllable) are not candidates.</summary>
    public const int MinimumFrameGap = 6;

    private static readonly int[] PosePoints =
        [0, 1, 2, 3, 13, 14, 15, 16, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47];

    private readonly int[][] nearest;

    /// <param name="cropLandmarks">Every frame's iBUG-68 points in crop coordinates (<see cref="Mouth.CropLandmarks"/>).</param>
    /// <param name="trainFrames">The frames a reference may come from.</param>
    public PoseNeighbours(IReadOnlyList<Point2f[]> cropLandmarks, IReadOnlyList<int> trainFrames)
    {
        ArgumentNullException.ThrowIfNull(cropLandmarks);
        ArgumentNullException.ThrowIfNull(trainFrames);
        if (trainFrames.Count < 2) throw new ArgumentException("pose neighbours need at least 2 training frames");
        if (cropLandmarks.Any(l => l.Length < 68))
            throw new ArgumentException("pose neighbours need iBUG-68 landmarks for every frame");
        var poses = cropLandmarks.Select(Pose).ToArray();
        nearest = new int[cropLandmarks.Count][];
        Parallel.For(0, cropLandmarks.Count, frame =>
        {
            var far = trainFrames.Where(t => Math.Abs(t - frame) >= MinimumFrameGap).ToArray();
            // A clip shorter than the gap allows: any other training frame (there are at least two).
            var candidates = far.Length > 0 ? far : trainFrames.Where(t => t != frame).ToArray();
            nearest[frame] = candidates
                .Select(t => (Frame: t, Distance: SquaredDistance(poses[frame], poses[t])))
                .OrderBy(c => c.Distance).ThenBy(c => c.Frame)
                .Take(Count).Select(c => c.Frame).ToArray();
        });
    }

    /// <summary>Up to <see cref="Count"/> training frames, nearest pose first.</summary>
    public IReadOnlyList<int> For(int frame) => nearest[frame];

    private static float[] Pose(Point2f[] points)
    {
        var pose = new float[PosePoints.Length * 2];
        for (var i = 0; i < PosePoints.Length; i++)
        {
            pose[2 * i] = points[PosePoints[i]].X;
            pose[2 * i + 1] = points[PosePoints[i]].Y;
        }
        return pose;
    }

    private static double SquaredDistance(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        return sum;
    }
}
