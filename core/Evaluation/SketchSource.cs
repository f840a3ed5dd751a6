namespace ATSync.Core.Evaluation;

/// <summary>
/// Where `atsync eval` takes a CPU-profile model's mouth sketch from. <see cref="Audio"/> is the product (the mouth-shape
/// model's prediction); <see cref="Landmarks"/> draws the held-out frame's own mouth, as in training: the image network's
/// ceiling, which says whether a miss is the mouth-shape model's or the image network's.
/// </summary>
public enum SketchSource
{
    Audio,
    Landmarks,
}
