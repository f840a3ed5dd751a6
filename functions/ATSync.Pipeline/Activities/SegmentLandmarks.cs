namespace ATSync.Pipeline.Activities;

/// <summary>Raw landmarks of a segment as stored for the fan-in: per frame from <paramref name="First"/>, 68 (x, y)
/// pairs flattened, or null where no face was found.</summary>
public sealed record SegmentLandmarks(int First, float[]?[] Points);
