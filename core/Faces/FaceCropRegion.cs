using OpenCvSharp;

namespace ATSync.Core.Faces;

/// <summary>
/// The square the lip-sync network sees, in full-frame pixels: from mid-nose down past the chin, as wide as the face at
/// cheek height (REFERENCE_MODEL.md): xmin = lm[a].x, xmax = lm[b].x, ymin = lm[c].y, side = xmax - xmin.
/// </summary>
public readonly record struct FaceCropRegion(int X, int Y, int Side)
{
    /// <summary>The square is resized to this side (INTER_AREA) ...</summary>
    public const int ResizedSide = 168;

    /// <summary>... and its inner square of this side, <see cref="Border"/> pixels in, is the network's input.</summary>
    public const int NetworkSide = 160;

    public const int Border = (ResizedSide - NetworkSide) / 2;

    public Rect ToRect() => new(X, Y, Side, Side);

    public float CenterX => X + Side / 2f;
    public float CenterY => Y + Side / 2f;

    /// <summary>
    /// The landmark indices (0-based) giving xmin, xmax and ymin.
    /// iBUG-68: 1 and 15 are the jaw contour at cheek height (left and right, about the level of the nose's lower half),
    /// 29 is the nose bridge just above the tip (0-based; 27-30 run down the bridge), so the square starts at mid-nose
    /// and, being face-wide, reaches past the chin (8). Reference-110: 1, 31 and 52, as the reference tool uses.
    /// </summary>
    public static (int Left, int Right, int Top) LandmarkIndices(LandmarkScheme scheme) => scheme switch
    {
        LandmarkScheme.Ibug68 => (1, 15, 29),
        LandmarkScheme.Reference110 => (1, 31, 52),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "unknown landmark scheme"),
    };

    /// <summary>The crop as the reference computes it (landmarks rounded to whole pixels, no clipping).</summary>
    /// <exception cref="ArgumentException">Wrong number of landmarks, or they give no positive width.</exception>
    public static FaceCropRegion FromLandmarks(ReadOnlySpan<Point2f> landmarks, LandmarkScheme scheme)
    {
        if (landmarks.Length != (int)scheme)
            throw new ArgumentException($"{landmarks.Length} landmarks given; the {scheme} scheme has {(int)scheme}", nameof(landmarks));
        var (left, right, top) = LandmarkIndices(scheme);
        int xmin = (int)MathF.Round(landmarks[left].X), xmax = (int)MathF.Round(landmarks[right].X);
        int ymin = (int)MathF.Round(landmarks[top].Y);
        if (xmax <= xmin)
            throw new ArgumentException($"landmarks {left} and {right} give no face width (x {xmin} .. {xmax})", nameof(landmarks));
        return new FaceCropRegion(xmin, ymin, xmax - xmin);
    }

    /// <summary>
    /// The square moved inside a frame of the given size (the reference does not clip; we keep the crop's size and
    /// content and shift it), shrunk about its centre only if it is larger than the frame's shorter side.
    /// </summary>
    public FaceCropRegion Within(int frameWidth, int frameHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameHeight, 1);
        int side = Side, x = X, y = Y;
        int limit = Math.Min(frameWidth, frameHeight);
        if (side > limit)
        {
            x += (side - limit) / 2;
            y += (side - limit) / 2;
            side = limit;
        }
        x = Math.Clamp(x, 0, frameWidth - side);
        y = Math.Clamp(y, 0, frameHeight - side);
        return new FaceCropRegion(x, y, side);
    }

    /// <summary>
    /// Cuts the crop from a frame (moved inside it first), resizes it to 168x168 with INTER_AREA and returns the inner
    /// 160x160: exactly the network's image input. The caller owns the returned Mat.
    /// </summary>
    public Mat CutNetworkInput(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Empty()) throw new ArgumentException("the frame is empty", nameof(frame));
        var inside = Within(frame.Width, frame.Height);
        using var square = new Mat(frame, inside.ToRect());
        using var resized = new Mat();
        Cv2.Resize(square, resized, new Size(ResizedSide, ResizedSide), 0, 0, InterpolationFlags.Area);
        using var inner = new Mat(resized, new Rect(Border, Border, NetworkSide, NetworkSide));
        return inner.Clone();
    }
}
