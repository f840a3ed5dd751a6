using static TorchSharp.torch;

namespace ATSync.Core.Training;

/// <summary>
/// The rectangle of the 160x160 crop that the network must redraw (x 5..154, y 5..149 inclusive): it is blacked out
/// in the network's "current frame" input, and it is where validation measures PSNR and SSIM.
/// </summary>
public static class MouthMask
{
    public const int Left = 5;
    public const int Right = 154;
    public const int Top = 5;
    public const int Bottom = 149;

    /// <summary>A copy of <paramref name="crops"/> ([B, C, 160, 160]) with the rectangle filled black.</summary>
    public static Tensor Apply(Tensor crops)
    {
        var masked = crops.clone();
        masked[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(Top, Bottom + 1), TensorIndex.Slice(Left, Right + 1)] = 0;
        return masked;
    }

    /// <summary>The rectangle of <paramref name="images"/> ([B, C, H, W]) as a view.</summary>
    public static Tensor Region(Tensor images) =>
        images[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(Top, Bottom + 1), TensorIndex.Slice(Left, Right + 1)];
}
