using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Starting;

/// <summary>GET /api/persons/{person}: the dataset (null until one is complete), the current model, every trained
/// model folder, and the person's recent orchestrations.</summary>
/// <param name="Eval">Read links to the current model's held-out eval (its report and contact sheet), signed for this
/// answer; null when there is no model or it was trained without held-out frames.</param>
public sealed record PersonSummary(string PersonId, PersonSummary.DatasetInfo? Dataset, PersonModel? Model,
    IReadOnlyList<string> ModelFolders, IReadOnlyList<PersonSummary.JobInfo> Jobs, PersonSummary.EvalLinks? Eval = null)
{
    public sealed record EvalLinks(ReadLink? Report, ReadLink? ContactSheet);

    public sealed record DatasetInfo(string Folder, int FrameCount, string Features, double FaceCoverage, DateTimeOffset CreatedUtc);

    /// <param name="Progress">While it runs and waits for a GPU worker job: that job's progress (training: epoch, held-out score, expected end).</param>
    public sealed record JobInfo(string InstanceId, string Name, string Status, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt,
        string? Failure, WorkerJobProgress? Progress = null);
}
