using OpenCvSharp;

namespace ATSync.Core.Faces.Onnx;

/// <summary>Copies an 8-bit BGR image into a planar (CHW) float tensor as (value - offset) * scale, zero beyond the image.</summary>
internal static class OnnxImageTensor
{
    public static unsafe void FillChw(Mat bgr, Span<float> tensor, int tensorWidth, int tensorHeight, float scale, float offset)
    {
        int plane = tensorWidth * tensorHeight;
        tensor[..(3 * plane)].Clear();
        int w = Math.Min(bgr.Width, tensorWidth), h = Math.Min(bgr.Height, tensorHeight);
        byte* data = (byte*)bgr.DataPointer;
        long step = bgr.Step();
        for (int y = 0; y < h; y++)
        {
            byte* row = data + y * step;
            int at = y * tensorWidth;
            for (int x = 0; x < w; x++)
            {
                tensor[at + x] = (row[3 * x] - offset) * scale;
                tensor[plane + at + x] = (row[3 * x + 1] - offset) * scale;
                tensor[2 * plane + at + x] = (row[3 * x + 2] - offset) * scale;
            }
        }
    }
}
