using ATSync.Core.Audio;
using ATSync.Core.Faces;
using OpenCvSharp;

namespace ATSync.Core.Datasets;

/// <summary>A processed person, validated and loaded (everything but the frame pixels, which stay on disk).</summary>
/// <param name="Manifest">Our dataset.json; null for a dataset made by the reference Python tool.</param>
public sealed record PersonDataset(
    DatasetLayout Layout,
    int FrameCount,
    LandmarkScheme Scheme,
    IReadOnlyList<Point2f[]> Landmarks,
    AudioFeatures Features,
    DatasetManifest? Manifest)
{
    /// <summary>A short stable fingerprint of the dataset, recorded in model cards.</summary>
    public string Fingerprint => Manifest?.Source.Sha256 is { } sha
        ? SourceFingerprint.FromSha256(sha)
        : $"reference:{FrameCount}:{Features.Kind}:{string.Join('x', Features.Shape)}";
}
