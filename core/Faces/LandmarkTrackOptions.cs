namespace ATSync.Core.Faces;

/// <summary>How a clip's per-frame landmarks are checked and smoothed.</summary>
public sealed record LandmarkTrackOptions
{
    public double FramesPerSecond { get; init; } = 25;

    /// <summary>The fraction of frames that must have a face.</summary>
    public double MinCoverage { get; init; } = 0.5;

    /// <summary>The longest run of frames without a face that gap filling may bridge.</summary>
    public double MaxGapSeconds { get; init; } = 2.0;

    /// <summary>Gaussian sigma, in frames, for the points that move with the head only (and the crop's points).</summary>
    public double StableSigmaFrames { get; init; } = 3.0;

    /// <summary>Gaussian sigma, in frames, for mouth and lower jaw: light, so speech motion survives (0 = none).</summary>
    public double ArticulatedSigmaFrames { get; init; } = 0.5;

    public int MaxGapFrames => (int)Math.Round(MaxGapSeconds * FramesPerSecond);
}
