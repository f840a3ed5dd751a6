using ATSync.Core.Training;
using OpenCvSharp;
using static TorchSharp.torch;

namespace ATSync.Core.Evaluation;

/// <summary>
/// PSNR and SSIM of one rectangle of two BGR images, computed exactly as training validation does
/// (<see cref="ImageQuality"/>: [0, 1] scale, 7x7 uniform SSIM window), so eval and the training log agree.
/// </summary>
public static class ImageMetrics
{
    /// <summary>Identical images: <see cref="ImageQuality.Psnr"/> floors the error at 1e-10, so PSNR caps at 100 dB.</summary>
    public const double PsnrCap = 100;

    /// <exception cref="ArgumentException">Not CV_8UC3 images of one size, or a rectangle outside them or under 7 pixels.</exception>
    public static (double Psnr, double Ssim) Compare(Mat generated, Mat real, Rect area)
    {
        Require(generated, real, area);
        using var scope = NewDisposeScope();
        var a = ToTensor(generated, area);
        var b = ToTensor(real, area);
        return (ImageQuality.Psnr(a, b).item<float>(), ImageQuality.Ssim(a, b).item<float>());
    }

    /// <summary>[1, 3, h, w] floats in [0, 1], BGR planes.</summary>
    private static unsafe Tensor ToTensor(Mat image, Rect area)
    {
        int w = area.Width, h = area.Height, plane = w * h;
        var values = new float[3 * plane];
        for (int y = 0; y < h; y++)
        {
            byte* row = (byte*)image.Ptr(area.Y + y) + 3 * area.X;
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    values[c * plane + y * w + x] = row[3 * x + c] / 255f;
        }
        return tensor(values, [1, 3, h, w]);
    }

    private static void Require(Mat generated, Mat real, Rect area)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(real);
        if (generated.Type() != MatType.CV_8UC3 || real.Type() != MatType.CV_8UC3 || generated.Size() != real.Size())
            throw new ArgumentException($"compare two CV_8UC3 images of one size; got {generated.Size()} {generated.Type()} and {real.Size()} {real.Type()}");
        if (area.X < 0 || area.Y < 0 || area.Right > real.Width || area.Bottom > real.Height)
            throw new ArgumentException($"the rectangle {area} is not inside the {real.Width}x{real.Height} images", nameof(area));
        if (area.Width < ImageQuality.SsimWindow || area.Height < ImageQuality.SsimWindow)
            throw new ArgumentException($"the rectangle {area} is smaller than the {ImageQuality.SsimWindow}-pixel SSIM window", nameof(area));
    }
}
