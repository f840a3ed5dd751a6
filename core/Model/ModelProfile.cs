namespace ATSync.Core.Model;

/// <summary>Which lip-sync network a person gets (`atsync train --profile`).</summary>
public enum ModelProfile
{
    /// <summary>The reference design (about 12 M parameters, 3.2 G multiply-adds at 160 px): whole lower face masked, the
    /// mouth drawn from a reference frame and the audio alone. Its .pth checkpoints import; it wants a GPU's budget.</summary>
    Reference,

    /// <summary>Our CPU-sized two-stage design: a mouth-shape model (audio -> mouth and jaw points, fitted in seconds)
    /// and a half-width image network (about 0.8 G multiply-adds) that draws the person's mouth in that shape from a
    /// sketch of it, with only the mouth and jaw masked.</summary>
    Cpu,
}
