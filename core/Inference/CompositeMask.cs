namespace ATSync.Core.Inference;

/// <summary>
/// The blend weights for one crop size, computed once and reused for every frame with that size: a rounded rectangle
/// with a smooth edge (see <see cref="CompositeOptions"/>), weights in 0..<see cref="One"/> for integer blending.
/// </summary>
internal sealed class CompositeMask
{
    /// <summary>Full weight; a power of two so the blend divides by shifting.</summary>
    public const int One = 256;

    public const int OneShift = 8;

    /// <summary>Most ring pixels used for colour statistics; a sample is as good as all of them and cheaper.</summary>
    private const int MaxRingSamples = 4096;

    public int Side { get; }

    /// <summary>Row-major weights, Side x Side.</summary>
    public ushort[] Weights { get; }

    /// <summary>Per row, the columns [start, end) with non-zero weight (start == end: none), so the blend skips zeros.</summary>
    public (int Start, int End)[] RowSpans { get; }

    /// <summary>Indices (y * Side + x) of pixels in the soft edge band: where colour statistics are compared.</summary>
    public int[] Ring { get; }

    public CompositeMask(int side, CompositeOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        Side = side;
        Weights = new ushort[side * side];
        RowSpans = new (int, int)[side];
        var ring = new List<int>();

        float f = options.Feather, r = options.CornerRadius;
        float cx = (options.Left + options.Right) / 2, cy = (options.Top + options.Bottom) / 2;
        // Half-extents of the full-weight core, less the corner radius (the rounded rectangle's inner box).
        float hx = (options.Right - options.Left) / 2 - f - r, hy = (options.Bottom - options.Top) / 2 - f - r;
        for (int y = 0; y < side; y++)
        {
            int start = -1, end = -1;
            float v = (y + 0.5f) / side;
            for (int x = 0; x < side; x++)
            {
                float u = (x + 0.5f) / side;
                float qx = MathF.Abs(u - cx) - hx, qy = MathF.Abs(v - cy) - hy;
                float outside = MathF.Sqrt(MathF.Max(qx, 0) * MathF.Max(qx, 0) + MathF.Max(qy, 0) * MathF.Max(qy, 0));
                float distance = outside + MathF.Min(MathF.Max(qx, qy), 0) - r; // signed distance to the core, <= 0 inside
                float t = Math.Clamp(1 - distance / f, 0, 1);
                int w = (int)MathF.Round(t * t * (3 - 2 * t) * One);
                Weights[y * side + x] = (ushort)w;
                if (w > 0)
                {
                    if (start < 0) start = x;
                    end = x + 1;
                }
                if (w > 0 && w < One) ring.Add(y * side + x);
            }
            RowSpans[y] = start < 0 ? (0, 0) : (start, end);
        }

        int stride = Math.Max(1, ring.Count / MaxRingSamples);
        Ring = stride == 1 ? [.. ring] : [.. ring.Where((_, i) => i % stride == 0)];
    }
}
