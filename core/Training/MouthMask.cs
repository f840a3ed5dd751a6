using static TorchSharp.torch;

namespace ATSync.Core.Training;

/// <summary>
/// The rectangle of the 160x160 crop that the network must redraw (inclusive bounds): blacked out in the network's
/// "current frame" input, and where the loss's SSIM term and validation measure the mouth. Each profile has its own.
/// </summary>
public readonly record struct MouthMask(int Left, int Right, int Top, int Bottom)
{
    /// <summary>The reference design's: x 5..154, y 5..149, almost the whole crop (mid-nose to below the chin).</summary>
    public static MouthMask Reference { get; } = new(5, 154, 5, 149);

    /// <summary>
    /// The CPU profile's: from below the nose tip (crop y 27-35 on the clips measured) to the crop's bottom edge, so the
    /// chin, which drops to y ~140 when the mouth opens, is redrawn too (leaving it visible would tell the network the
    /// real frame's opening). The nose and the face's sides stay visible, so the head's pose comes from the frame itself.
    /// </summary>
    public static MouthMask Cpu { get; } = new(8, 151, 36, 159);

    public static MouthMask For(Model.ModelProfile profile) => profile switch
    {
        Model.ModelProfile.Reference => Reference,
        Model.ModelProfile.Cpu => Cpu,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unknown model profile"),
    };

    public bool Contains(int x, int y) => x >= Left && x <= Right && y >= Top && y <= Bottom;

    /// <summary>A copy of <paramref name="crops"/> ([B, C, 160, 160]) with the rectangle filled black.</summary>
    public Tensor Apply(Tensor crops)
    {
        var masked = crops.clone();
        masked[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(Top, Bottom + 1), TensorIndex.Slice(Left, Right + 1)] = 0;
        return masked;
    }

    /// <summary>The rectangle of <paramref name="images"/> ([B, C, H, W]) as a view.</summary>
    public Tensor Region(Tensor images) =>
        images[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(Top, Bottom + 1), TensorIndex.Slice(Left, Right + 1)];
}
