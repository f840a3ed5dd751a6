namespace ATSync.Core.Faces.Dlib;

/// <summary>
/// One level of the cascade: feature pixels placed relative to the current shape, and a forest of complete binary
/// regression trees of equal depth (splits of tree t at [t * SplitsPerTree ..], leaves at [t * LeavesPerTree ..]).
/// </summary>
internal sealed class DlibCascadeLevel
{
    public required int TreeCount { get; init; }
    public required int SplitsPerTree { get; init; }
    public int LeavesPerTree => SplitsPerTree + 1;

    /// <summary>Split tests: go left when pixel[Idx1] - pixel[Idx2] &gt; Threshold.</summary>
    public required int[] SplitIdx1 { get; init; }
    public required int[] SplitIdx2 { get; init; }
    public required float[] SplitThreshold { get; init; }

    /// <summary>Leaf shape increments, <c>ShapeLength</c> floats per leaf, leaves of all trees in order.</summary>
    public required float[] LeafValues { get; init; }

    /// <summary>Feature pixel i sits at (landmark AnchorIndex[i]) + similarity(mean -> current) * (DeltaX[i], DeltaY[i]).</summary>
    public required int[] AnchorIndex { get; init; }
    public required float[] DeltaX { get; init; }
    public required float[] DeltaY { get; init; }

    public int FeatureCount => AnchorIndex.Length;
}
