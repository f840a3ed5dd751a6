using ATSync.Core.Media;

namespace ATSync.Core.Faces;

/// <summary>
/// Splits a clip's frames into contiguous segments for a fanned-out scan. Segment starts fall on multiples of
/// <see cref="VideoFaceScanner.FramesPerRun"/>, so each segment's face tracking runs are the whole scan's runs and
/// the landmarks come out exactly as a single `atsync process` would find them.
/// </summary>
public static class FrameSegments
{
    /// <returns>At most <paramref name="segments"/> non-empty ranges covering 0..frameCount-1 in order.</returns>
    public static IReadOnlyList<FrameRange> Split(int frameCount, int segments)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segments);
        const int run = VideoFaceScanner.FramesPerRun;
        var runs = (frameCount + run - 1) / run;
        segments = Math.Min(segments, runs);
        var ranges = new List<FrameRange>(segments);
        for (int s = 0; s < segments; s++)
        {
            // Runs shared out as evenly as possible: the first (runs % segments) segments get one run more.
            int firstRun = s * (runs / segments) + Math.Min(s, runs % segments);
            int runCount = runs / segments + (s < runs % segments ? 1 : 0);
            int first = firstRun * run;
            int last = Math.Min(frameCount, (firstRun + runCount) * run) - 1;
            ranges.Add(new FrameRange(first, last));
        }
        return ranges;
    }
}
