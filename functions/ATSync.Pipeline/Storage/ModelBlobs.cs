namespace ATSync.Pipeline.Storage;

/// <summary>Where a person's models live: <c>models/{person}/{job}/</c> per training, <c>latest.json</c> the current one.</summary>
public static class ModelBlobs
{
    public static BlobRef Folder(string personId, string jobId) => new(Containers.Models, $"{personId}/{jobId}/");

    public static BlobRef Latest(string personId) => new(Containers.Models, $"{personId}/latest.json");
}
