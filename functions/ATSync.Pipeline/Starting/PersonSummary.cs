using ATSync.Pipeline.Payloads;

namespace ATSync.Pipeline.Starting;

/// <summary>GET /api/persons/{person}: the dataset (null until one is complete), the current model, every trained
/// model folder, and the person's recent orchestrations.</summary>
public sealed record PersonSummary(string PersonId, PersonSummary.DatasetInfo? Dataset, PersonModel? Model,
    IReadOnlyList<string> ModelFolders, IReadOnlyList<PersonSummary.JobInfo> Jobs)
{
    public sealed record DatasetInfo(string Folder, int FrameCount, string Features, double FaceCoverage, DateTimeOffset CreatedUtc);

    /// <param name="Progress">While it runs and waits for a GPU worker job: that job's progress (training: epoch, held-out score, expected end).</param>
    public sealed record JobInfo(string InstanceId, string Name, string Status, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt,
        string? Failure, WorkerJobProgress? Progress = null);
}
