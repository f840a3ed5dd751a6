namespace ATSync.Pipeline.Storage;

/// <summary>A lip-sync job's blobs: <c>results/{job}/</c> with the normalised input audio, result.mp4 and its report.</summary>
public static class ResultBlobs
{
    public static BlobRef Audio(string jobId) => new(Containers.Results, $"{jobId}/audio.wav");

    public static BlobRef Upload(string jobId, string extension) => new(Containers.Results, $"{jobId}/input{extension}");

    public static BlobRef Video(string jobId) => new(Containers.Results, $"{jobId}/result.mp4");

    public static BlobRef Report(string jobId) => new(Containers.Results, $"{jobId}/result.report.json");
}
