using ATSync.Core.Media;

namespace ATSync.Core.Faces;

/// <summary>Too few frames of a clip have a face to make a dataset from it.</summary>
public sealed class FaceCoverageException : Exception
{
    public FaceCoverageException(string message, int frameCount, IReadOnlyList<FrameRange> missing) : base(message)
    {
        FrameCount = frameCount;
        MissingRanges = missing;
    }

    public int FrameCount { get; }

    /// <summary>The runs of frames in which no face was found.</summary>
    public IReadOnlyList<FrameRange> MissingRanges { get; }

    public int FramesWithoutFace => MissingRanges.Sum(r => r.Length);
}
