using OpenCvSharp;

namespace ATSync.Core.Mouth;

/// <summary>
/// The CPU profile's spatial cue: the speech-moved points (<see cref="MouthPoints.Moving"/>, crop coordinates) drawn as
/// a line sketch into the masked rectangle of the network's input, so the image network learns "draw this person's
/// mouth in this shape" (a local, pixel-aligned mapping that a few hundred frames teach) instead of inferring the shape
/// from a global audio vector. Jaw and lip outlines are white (1.0); the inner mouth is filled grey (0.5), so an open
/// mouth is a visible area, a closed one a line.
/// </summary>
public static class MouthSketch
{
    public const int Side = 160;

    /// <summary>The sketch as a 160x160 CV_8UC1 image (0 outside the lines), clipped to <paramref name="mask"/>.</summary>
    public static Mat Draw(IReadOnlyList<Point2f> moving, Training.MouthMask mask)
    {
        if (moving.Count != MouthPoints.Moving.Count)
            throw new ArgumentException($"a sketch needs the {MouthPoints.Moving.Count} moving points, got {moving.Count}");
        var sketch = new Mat(Side, Side, MatType.CV_8UC1, Scalar.All(0));
        Point P(int point)
        {
            var p = moving[MouthPoints.IndexOf(point)];
            return new Point((int)MathF.Round(p.X), (int)MathF.Round(p.Y));
        }
        Point[] Range(int first, int last) => Enumerable.Range(first, last - first + 1).Select(P).ToArray();
        var inner = Range(MouthPoints.InnerLipFirst, MouthPoints.InnerLipLast);
        Cv2.FillPoly(sketch, [inner], Scalar.All(128));
        Cv2.Polylines(sketch, [Range(MouthPoints.JawFirst, MouthPoints.JawLast)], false, Scalar.All(255), 1, LineTypes.Link8);
        Cv2.Polylines(sketch, [Range(MouthPoints.OuterLipFirst, MouthPoints.OuterLipLast)], true, Scalar.All(255), 1, LineTypes.Link8);
        Cv2.Polylines(sketch, [inner], true, Scalar.All(255), 1, LineTypes.Link8);
        // Only inside the masked rectangle: outside it the network sees the real frame.
        using var keep = new Mat(Side, Side, MatType.CV_8UC1, Scalar.All(0));
        keep[new Rect(mask.Left, mask.Top, mask.Right - mask.Left + 1, mask.Bottom - mask.Top + 1)].SetTo(Scalar.All(255));
        Cv2.BitwiseAnd(sketch, keep, sketch);
        return sketch;
    }

    /// <summary>Adds the sketch (values / 255) to every channel of a masked planar [3, 160, 160] input, whose masked
    /// rectangle is 0.</summary>
    public static unsafe void AddTo(Mat sketch, Span<float> maskedChw)
    {
        const int plane = Side * Side;
        byte* pixels = (byte*)sketch.DataPointer;
        for (var i = 0; i < plane; i++)
        {
            if (pixels[i] == 0) continue;
            var v = pixels[i] / 255f;
            maskedChw[i] = v;
            maskedChw[plane + i] = v;
            maskedChw[2 * plane + i] = v;
        }
    }
}
