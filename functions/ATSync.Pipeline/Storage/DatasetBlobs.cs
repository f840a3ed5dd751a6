using ATSync.Core.Datasets;

namespace ATSync.Pipeline.Storage;

/// <summary>Where a person's dataset lives: <c>datasets/{person}/</c> with <see cref="DatasetLayout"/>'s names.</summary>
public static class DatasetBlobs
{
    public static BlobRef Folder(string personId) => new(Containers.Datasets, $"{personId}/");

    public static BlobRef Manifest(string personId) => new(Containers.Datasets, $"{personId}/{DatasetLayout.ManifestFileName}");

    public static BlobRef Frame(string personId, int index) => new(Containers.Datasets, $"{personId}/{DatasetLayout.FramesFolderName}/{index}.jpg");

    public static BlobRef Landmarks(string personId, int index) => new(Containers.Datasets, $"{personId}/{DatasetLayout.LandmarksFolderName}/{index}.lms");

    public static BlobRef File(string personId, string fileName) => new(Containers.Datasets, $"{personId}/{fileName}");

    /// <summary>The pipeline's note of which video the dataset was made from (the lip-sync job renders onto it).</summary>
    public static BlobRef Source(string personId) => new(Containers.Datasets, $"{personId}/source.json");

    /// <summary>Raw per-frame landmarks of one scanned segment (fan-in input; not part of the dataset format).</summary>
    public static BlobRef SegmentLandmarks(string personId, string runKey, int segment) =>
        new(Containers.Datasets, $"{personId}/.segments/{runKey}/{segment}.json");
}
