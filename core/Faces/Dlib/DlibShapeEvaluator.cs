using System.Numerics;
using OpenCvSharp;

namespace ATSync.Core.Faces.Dlib;

/// <summary>Evaluates a dlib shape predictor exactly as dlib's <c>shape_predictor::operator()</c> does.</summary>
internal static class DlibShapeEvaluator
{
    /// <summary>
    /// Predicts the shape, normalised to the box (0..1 spans left..right), for a box given as dlib rectangle corners
    /// (inclusive right/bottom). Pixel intensities are dlib's: the mean of B, G and R truncated to an integer.
    /// </summary>
    public static unsafe void Predict(DlibShapePredictorModel model, Mat image, float left, float top, float right, float bottom, Span<float> shape)
    {
        float[] mean = model.InitialShape;
        mean.CopyTo(shape);
        int channels = image.Channels();
        if (image.Depth() != MatType.CV_8U || (channels != 1 && channels != 3))
            throw new ArgumentException($"expected an 8-bit BGR or grayscale image, got {image.Type()}", nameof(image));
        byte* data = (byte*)image.DataPointer;
        long step = image.Step();
        int width = image.Cols, height = image.Rows;
        float scaleX = right - left, scaleY = bottom - top;

        int maxFeatures = 0;
        foreach (var level in model.Levels) maxFeatures = Math.Max(maxFeatures, level.FeatureCount);
        Span<float> pixels = maxFeatures <= 2048 ? stackalloc float[maxFeatures] : new float[maxFeatures];

        foreach (var level in model.Levels)
        {
            // Similarity part (scale and rotation) of the least-squares map mean shape -> current shape.
            var (a, b) = SimilarityTransform.Fit(mean, shape);
            for (int i = 0; i < level.FeatureCount; i++)
            {
                int anchor = level.AnchorIndex[i];
                float dx = level.DeltaX[i], dy = level.DeltaY[i];
                float u = a * dx - b * dy + shape[2 * anchor];
                float v = b * dx + a * dy + shape[2 * anchor + 1];
                // dlib rounds the image position to the nearest pixel; outside the image the intensity is 0.
                int px = (int)MathF.Floor(left + u * scaleX + 0.5f);
                int py = (int)MathF.Floor(top + v * scaleY + 0.5f);
                if ((uint)px < (uint)width && (uint)py < (uint)height)
                {
                    byte* p = data + py * step + px * channels;
                    pixels[i] = channels == 3 ? (p[0] + p[1] + p[2]) / 3 : p[0];
                }
                else
                {
                    pixels[i] = 0;
                }
            }

            int splits = level.SplitsPerTree;
            int shapeLength = shape.Length;
            for (int t = 0; t < level.TreeCount; t++)
            {
                int baseSplit = t * splits;
                int node = 0;
                while (node < splits)
                {
                    int s = baseSplit + node;
                    node = pixels[level.SplitIdx1[s]] - pixels[level.SplitIdx2[s]] > level.SplitThreshold[s] ? 2 * node + 1 : 2 * node + 2;
                }
                int leaf = t * level.LeavesPerTree + (node - splits);
                Add(shape, level.LeafValues.AsSpan(leaf * shapeLength, shapeLength));
            }
        }
    }

    private static void Add(Span<float> target, ReadOnlySpan<float> increment)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= target.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(target[i..]) + new Vector<float>(increment[i..])).CopyTo(target[i..]);
        }
        for (; i < target.Length; i++) target[i] += increment[i];
    }
}
