namespace ATSync.Core.Faces.Dlib;

/// <summary>
/// dlib's shape predictor (Kazemi and Sullivan's ensemble of regression trees) held in flat arrays.
/// Shapes are interleaved (x0, y0, x1, y1, ...) in the box-normalised space where the box spans 0..1.
/// </summary>
internal sealed class DlibShapePredictorModel
{
    public DlibShapePredictorModel(float[] initialShape, DlibCascadeLevel[] levels)
    {
        if (initialShape.Length == 0 || initialShape.Length % 2 != 0)
            throw new ArgumentException("the mean shape must hold (x, y) pairs", nameof(initialShape));
        InitialShape = initialShape;
        Levels = levels;
    }

    /// <summary>The mean shape every prediction starts from.</summary>
    public float[] InitialShape { get; }

    public int PointCount => InitialShape.Length / 2;

    /// <summary>The cascade: each level reads its own feature pixels, then adds the outputs of its trees.</summary>
    public DlibCascadeLevel[] Levels { get; }
}
