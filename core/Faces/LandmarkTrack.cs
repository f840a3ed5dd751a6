using ATSync.Core.Media;
using OpenCvSharp;

namespace ATSync.Core.Faces;

/// <summary>
/// A clip's landmarks over time: coverage checked, gaps filled, jitter smoothed.
/// Gaps (frames without a face) are filled by linear interpolation between the nearest frames with a face on both
/// sides (a gap at the start or end copies its one neighbour). Smoothing is a zero-phase Gaussian over time (the
/// whole clip is known, so there is no lag): points that only move with the head (upper face contour, brows, eyes,
/// nose, and always the points the crop uses) get <see cref="LandmarkTrackOptions.StableSigmaFrames"/>, so the crop
/// does not jitter; mouth and lower jaw get the much lighter <see cref="LandmarkTrackOptions.ArticulatedSigmaFrames"/>,
/// so real speech motion survives.
/// </summary>
public sealed class LandmarkTrack
{
    private readonly Point2f[][] _filled;
    private readonly Point2f[][] _smoothed;

    private LandmarkTrack(LandmarkScheme scheme, Point2f[][] filled, Point2f[][] smoothed, IReadOnlyList<FrameRange> missing)
    {
        Scheme = scheme;
        _filled = filled;
        _smoothed = smoothed;
        MissingRanges = missing;
    }

    public LandmarkScheme Scheme { get; }

    public int FrameCount => _smoothed.Length;

    /// <summary>Runs of frames in which no face was found (filled by interpolation).</summary>
    public IReadOnlyList<FrameRange> MissingRanges { get; }

    /// <summary>The fraction of frames with a detected face.</summary>
    public double Coverage => 1.0 - (double)MissingRanges.Sum(r => r.Length) / FrameCount;

    /// <summary>Smoothed landmarks of a frame (full-frame pixels).</summary>
    public Point2f[] this[int frame] => _smoothed[frame];

    /// <summary>Gap-filled but unsmoothed landmarks of a frame.</summary>
    public Point2f[] Unsmoothed(int frame) => _filled[frame];

    /// <summary>The crop of every frame, kept inside a frame of the given size.</summary>
    public FaceCropRegion[] Crops(int frameWidth, int frameHeight, bool smoothed = true) =>
        (smoothed ? _smoothed : _filled).Select(l => FaceCropRegion.FromLandmarks(l, Scheme).Within(frameWidth, frameHeight)).ToArray();

    /// <summary>Checks coverage, fills gaps and smooths.</summary>
    /// <param name="perFrame">Landmarks per frame, null where no face was found.</param>
    /// <exception cref="FaceCoverageException">Too few frames have a face, or a gap is too long to bridge.</exception>
    public static LandmarkTrack Build(IReadOnlyList<Point2f[]?> perFrame, LandmarkScheme scheme, LandmarkTrackOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(perFrame);
        options ??= new LandmarkTrackOptions();
        if (perFrame.Count == 0) throw new ArgumentException("the clip has no frames", nameof(perFrame));
        int points = (int)scheme;
        for (int f = 0; f < perFrame.Count; f++)
            if (perFrame[f] is { } l && l.Length != points)
                throw new ArgumentException($"frame {f} has {l.Length} landmarks; the {scheme} scheme has {points}", nameof(perFrame));

        var missing = MissingRuns(perFrame);
        CheckCoverage(perFrame.Count, missing, options);
        cancellationToken.ThrowIfCancellationRequested();

        Point2f[][] filled = FillGaps(perFrame);
        bool[] stable = StablePoints(scheme);
        var smoothed = new Point2f[filled.Length][];
        for (int f = 0; f < filled.Length; f++) smoothed[f] = new Point2f[points];
        var xs = new float[filled.Length];
        var ys = new float[filled.Length];
        for (int p = 0; p < points; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int f = 0; f < filled.Length; f++) { xs[f] = filled[f][p].X; ys[f] = filled[f][p].Y; }
            double sigma = stable[p] ? options.StableSigmaFrames : options.ArticulatedSigmaFrames;
            float[] sx = GaussianSmoothing.Apply(xs, sigma), sy = GaussianSmoothing.Apply(ys, sigma);
            for (int f = 0; f < filled.Length; f++) smoothed[f][p] = new Point2f(sx[f], sy[f]);
        }
        return new LandmarkTrack(scheme, filled, smoothed, missing);
    }

    private static List<FrameRange> MissingRuns(IReadOnlyList<Point2f[]?> perFrame)
    {
        var runs = new List<FrameRange>();
        for (int f = 0; f < perFrame.Count; f++)
        {
            if (perFrame[f] is not null) continue;
            int start = f;
            while (f + 1 < perFrame.Count && perFrame[f + 1] is null) f++;
            runs.Add(new FrameRange(start, f));
        }
        return runs;
    }

    private static void CheckCoverage(int frameCount, List<FrameRange> missing, LandmarkTrackOptions options)
    {
        int without = missing.Sum(r => r.Length);
        double coverage = 1.0 - (double)without / frameCount;
        int longest = missing.Count == 0 ? 0 : missing.Max(r => r.Length);
        if (without < frameCount && coverage >= options.MinCoverage && longest <= options.MaxGapFrames) return;

        const int listed = 20;
        string ranges = string.Join(", ", missing.Take(listed)) + (missing.Count > listed ? $", ... ({missing.Count - listed} more)" : "");
        string rule = without == frameCount ? "" :
            $"; at least {options.MinCoverage:P0} of frames need a face and no gap may exceed {options.MaxGapSeconds:0.##} s ({options.MaxGapFrames} frames), the longest is {longest} frames";
        throw new FaceCoverageException(
            $"no face found in {without} of {frameCount} frames ({ranges}){rule}. Use a clip where the face is visible and frontal throughout, or trim it.",
            frameCount, missing);
    }

    private static Point2f[][] FillGaps(IReadOnlyList<Point2f[]?> perFrame)
    {
        int n = perFrame.Count;
        var filled = new Point2f[n][];
        int previous = -1;
        for (int f = 0; f < n; f++)
        {
            if (perFrame[f] is { } known)
            {
                filled[f] = (Point2f[])known.Clone();
                previous = f;
                continue;
            }
            int next = f + 1;
            while (next < n && perFrame[next] is null) next++;
            for (int g = f; g < next; g++)
            {
                if (previous < 0) filled[g] = (Point2f[])perFrame[next]!.Clone();
                else if (next >= n) filled[g] = (Point2f[])perFrame[previous]!.Clone();
                else filled[g] = Interpolate(perFrame[previous]!, perFrame[next]!, (float)(g - previous) / (next - previous));
            }
            f = next - 1;
        }
        return filled;
    }

    private static Point2f[] Interpolate(Point2f[] a, Point2f[] b, float t)
    {
        var result = new Point2f[a.Length];
        for (int i = 0; i < a.Length; i++)
            result[i] = new Point2f(a[i].X + t * (b[i].X - a[i].X), a[i].Y + t * (b[i].Y - a[i].Y));
        return result;
    }

    /// <summary>Points that move only with the head. For iBUG-68: all but the lower jaw (4-12) and the mouth (48-67);
    /// for other schemes only the crop's points are known to be stable.</summary>
    private static bool[] StablePoints(LandmarkScheme scheme)
    {
        var stable = new bool[(int)scheme];
        if (scheme == LandmarkScheme.Ibug68)
        {
            for (int i = 0; i < stable.Length; i++) stable[i] = i is < 4 or (> 12 and < 48);
        }
        var (left, right, top) = FaceCropRegion.LandmarkIndices(scheme);
        stable[left] = stable[right] = stable[top] = true;
        return stable;
    }
}
