using ATSync.Core.Datasets;
using ATSync.Pipeline.Payloads;

namespace ATSync.Pipeline.Storage;

/// <summary>
/// Where a person's datasets live. Each upload builds its own version, <c>datasets/{person}/{version}/</c> with
/// <see cref="DatasetLayout"/>'s names (the CLI's layout), and <c>datasets/{person}/current.json</c>, written once that
/// version is complete, says which is the person's current one. Two uploads of one person prepared at the same time
/// therefore never write into each other's folder, and each training names the folder it learns from. Segment scratch
/// lives outside any dataset (<c>datasets/.segments/</c>) and is deleted once assembled.
/// </summary>
public static class DatasetBlobs
{
    public const string PointerFileName = "current.json";

    /// <summary>The version folder an upload builds: named by the upload's content (the same bytes, the same folder, as
    /// the pipeline's instance id), so a retried preparation of the same upload rewrites its own folder.</summary>
    public static BlobRef VersionFolder(VideoUpload upload) =>
        new(Containers.Datasets, $"{upload.PersonId}/v-{PipelineIds.ShortHash($"{upload.Video}|{upload.ContentMd5 ?? upload.ETag}")}/");

    /// <summary>The person's pointer to their current dataset version.</summary>
    public static BlobRef Pointer(string personId) => new(Containers.Datasets, $"{personId}/{PointerFileName}");

    /// <summary>The folder of datasets made before versions existed (a dataset.json straight under it).</summary>
    public static BlobRef LegacyFolder(string personId) => new(Containers.Datasets, $"{personId}/");

    public static BlobRef Manifest(BlobRef folder) => In(folder, DatasetLayout.ManifestFileName);

    public static BlobRef Frame(BlobRef folder, int index) => In(folder, $"{DatasetLayout.FramesFolderName}/{index}.jpg");

    public static BlobRef Landmarks(BlobRef folder, int index) => In(folder, $"{DatasetLayout.LandmarksFolderName}/{index}.lms");

    public static BlobRef File(BlobRef folder, string fileName) => In(folder, fileName);

    /// <summary>The pipeline's note of which video the dataset was made from (the lip-sync job renders onto it).</summary>
    public static BlobRef Source(BlobRef folder) => In(folder, "source.json");

    /// <summary>Raw per-frame landmarks of one scanned segment (fan-in input; not part of any dataset).</summary>
    public static BlobRef SegmentLandmarks(string personId, string runKey, int segment) =>
        new(Containers.Datasets, $".segments/{personId}/{runKey}/{segment}.json");

    private static BlobRef In(BlobRef folder, string name) =>
        folder.Name.EndsWith('/') ? new BlobRef(folder.Container, folder.Name + name)
            : throw new ArgumentException($"{folder} is not a folder (no trailing '/')", nameof(folder));
}
