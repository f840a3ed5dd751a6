namespace ATSync.Core.Training;

/// <summary>Which training frame gives the network its reference crop for a frame it learns to draw.</summary>
public enum ReferenceChoice
{
    /// <summary>One of the frame's <see cref="PoseNeighbours"/> (iBUG-68 datasets only).</summary>
    Pose,

    /// <summary>Any other training frame, uniformly: the reference tool's recipe and the default.</summary>
    Random,
}
