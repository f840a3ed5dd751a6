using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ATSync.Core.Training;

/// <summary>Differentiable image similarity for images in [0, 1], per image of a batch [B, C, H, W].</summary>
public static class ImageQuality
{
    /// <summary>SSIM window side (uniform window, as scikit-image's default of 7).</summary>
    public const int SsimWindow = 7;

    private const double C1 = 0.01 * 0.01;
    private const double C2 = 0.03 * 0.03;

    /// <summary>Mean SSIM per image [B] (channels averaged), over the valid window positions.</summary>
    public static Tensor Ssim(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        Tensor Mean(Tensor x) => functional.avg_pool2d(x, SsimWindow, stride: 1);
        var muX = Mean(prediction);
        var muY = Mean(target);
        var varX = Mean(prediction * prediction) - muX * muX;
        var varY = Mean(target * target) - muY * muY;
        var cov = Mean(prediction * target) - muX * muY;
        var map = (2 * muX * muY + C1) * (2 * cov + C2) / ((muX * muX + muY * muY + C1) * (varX + varY + C2));
        return map.mean([1, 2, 3]).MoveToOuterDisposeScope();
    }

    /// <summary>PSNR in dB per image [B] for a peak of 1.</summary>
    public static Tensor Psnr(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        var mse = (prediction - target).square().mean([1, 2, 3]).clamp_min(1e-10);
        return (-10.0 * mse.log10()).MoveToOuterDisposeScope();
    }
}
