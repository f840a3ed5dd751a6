namespace ATSync.Core.Faces.Onnx;

/// <summary>Greedy non-maximum suppression: keep the best-scoring box, drop boxes overlapping it more than the IoU limit.</summary>
internal static class NonMaximumSuppression
{
    public static List<FaceBox> Apply(IEnumerable<FaceBox> boxes, float iouLimit)
    {
        var kept = new List<FaceBox>();
        foreach (var box in boxes.OrderByDescending(b => b.Score))
            if (kept.All(k => IntersectionOverUnion(k, box) <= iouLimit)) kept.Add(box);
        return kept;
    }

    public static float IntersectionOverUnion(FaceBox a, FaceBox b)
    {
        float ix = Math.Max(0, Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X));
        float iy = Math.Max(0, Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y));
        float inter = ix * iy;
        float union = a.Width * a.Height + b.Width * b.Height - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
