namespace ATSync.Core.Inference;

/// <summary>
/// How <see cref="FaceCompositor"/> blends a generated crop back into the frame. Geometry is in units of the crop
/// square's side (0 = its left/top edge, 1 = its right/bottom edge), so one setting fits every face size.
/// </summary>
public sealed record CompositeOptions
{
    /// <summary>
    /// The mask's outer limits (weight reaches 0 here): a rounded rectangle over the lower face. The defaults keep the
    /// weight 0 on the outer 6% of the square, so the square's edge is never visible, while covering the cheeks and
    /// chin that move with the jaw.
    /// </summary>
    public float Left { get; init; } = 0.06f;
    public float Right { get; init; } = 0.94f;
    public float Top { get; init; } = 0.08f;
    public float Bottom { get; init; } = 0.94f;

    /// <summary>Corner radius of the rounded rectangle's full-weight core, in square sides.</summary>
    public float CornerRadius { get; init; } = 0.22f;

    /// <summary>
    /// Width of the soft edge (weight 1 -> 0, a smoothstep ramp that looks like a Gaussian-blurred edge), in square
    /// sides. Wide on purpose: a gradual blend hides small colour and sharpness differences.
    /// </summary>
    public float Feather { get; init; } = 0.16f;

    /// <summary>
    /// Match each channel's mean and spread of the generated pixels to the original's in the soft edge band before
    /// blending, so a generated crop with slightly different exposure or white balance blends without a halo. Applied
    /// only when it brings the band closer to the original (it is skipped otherwise, e.g. a crop that already matches).
    /// </summary>
    public bool MatchColour { get; init; } = true;

    /// <summary>Limit on the spread (std) correction, both ways: colour matching may fix exposure, not invent contrast.</summary>
    public float MaxColourGain { get; init; } = 1.25f;

    public static CompositeOptions Default { get; } = new();

    internal void Validate()
    {
        if (!(0 <= Left && Left < Right && Right <= 1 && 0 <= Top && Top < Bottom && Bottom <= 1))
            throw new ArgumentException($"mask limits must satisfy 0 <= Left < Right <= 1 and 0 <= Top < Bottom <= 1 (got {Left}, {Right}, {Top}, {Bottom})");
        float coreWidth = Right - Left - 2 * Feather, coreHeight = Bottom - Top - 2 * Feather;
        if (Feather <= 0 || coreWidth <= 0 || coreHeight <= 0)
            throw new ArgumentException($"feather {Feather} must be positive and leave a full-weight core inside the mask limits");
        if (CornerRadius < 0 || 2 * CornerRadius > Math.Min(coreWidth, coreHeight))
            throw new ArgumentException($"corner radius {CornerRadius} must be between 0 and half the core's shorter side ({Math.Min(coreWidth, coreHeight) / 2})");
        if (MaxColourGain < 1)
            throw new ArgumentException($"MaxColourGain {MaxColourGain} must be at least 1");
    }
}
