using static TorchSharp.torch;

namespace ATSync.Core.Training;

/// <summary>
/// Training loss = L1 over the whole crop + <c>structuralWeight</c> x (1 - SSIM) of the mouth region.
/// The reference adds a VGG19 perceptual term whose weights are not available offline; SSIM needs no weights and
/// likewise punishes what L1 tolerates: lost local contrast and structure (the blurry mouth users complain about).
/// It is restricted to the mouth rectangle because everything outside it is copied from the input anyway.
/// </summary>
public sealed class LipSyncLoss(double structuralWeight, MouthMask mask)
{
    public double StructuralWeight { get; } = structuralWeight;

    public Tensor Compute(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        var l1 = (prediction - target).abs().mean();
        if (StructuralWeight == 0) return l1.MoveToOuterDisposeScope();
        var ssim = ImageQuality.Ssim(mask.Region(prediction), mask.Region(target)).mean();
        return (l1 + StructuralWeight * (1 - ssim)).MoveToOuterDisposeScope();
    }
}
