namespace ATSync.Core.Faces.Dlib;

/// <summary>
/// The least-squares similarity between two point sets (Umeyama). In 2-D its linear part is [[a, -b], [b, a]] in closed
/// form, which equals dlib's SVD-based find_similarity_transform whenever no reflection is involved (always for faces).
/// </summary>
internal static class SimilarityTransform
{
    /// <returns>(a, b) of the linear part mapping centred <paramref name="from"/> onto centred <paramref name="to"/>.</returns>
    public static (float A, float B) Fit(ReadOnlySpan<float> from, ReadOnlySpan<float> to)
    {
        int n = from.Length / 2;
        var (mfx, mfy) = Centroid(from);
        var (mtx, mty) = Centroid(to);
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++)
        {
            double fx = from[2 * i] - mfx, fy = from[2 * i + 1] - mfy;
            double tx = to[2 * i] - mtx, ty = to[2 * i + 1] - mty;
            dot += fx * tx + fy * ty;
            cross += fx * ty - fy * tx;
            norm += fx * fx + fy * fy;
        }
        return norm == 0 ? (1f, 0f) : ((float)(dot / norm), (float)(cross / norm));
    }

    /// <summary>Least-squares fit of to ≈ offset + scale * from (no rotation): how a box relates to a shape.</summary>
    public static (float Scale, float OffsetX, float OffsetY) FitScaleOffset(ReadOnlySpan<float> from, ReadOnlySpan<float> to)
    {
        int n = from.Length / 2;
        var (mfx, mfy) = Centroid(from);
        var (mtx, mty) = Centroid(to);
        double dot = 0, norm = 0;
        for (int i = 0; i < n; i++)
        {
            double fx = from[2 * i] - mfx, fy = from[2 * i + 1] - mfy;
            dot += fx * (to[2 * i] - mtx) + fy * (to[2 * i + 1] - mty);
            norm += fx * fx + fy * fy;
        }
        double scale = norm == 0 ? 1 : dot / norm;
        return ((float)scale, (float)(mtx - scale * mfx), (float)(mty - scale * mfy));
    }

    /// <summary>Mean of interleaved (x, y) points.</summary>
    private static (double X, double Y) Centroid(ReadOnlySpan<float> points)
    {
        int n = points.Length / 2;
        double x = 0, y = 0;
        for (int i = 0; i < n; i++) { x += points[2 * i]; y += points[2 * i + 1]; }
        return (x / n, y / n);
    }
}
