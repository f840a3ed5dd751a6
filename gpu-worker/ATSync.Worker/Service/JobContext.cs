using ATSync.Core.Progress;

namespace ATSync.Worker.Service;

/// <summary>What an executor gets for one attempt of a job: the validated spec, a clean working folder, where to report
/// progress, and a way to note facts in the record (e.g. the epoch a training resumed from).</summary>
public sealed record JobContext(
    ValidatedJob Job,
    int Attempt,
    string WorkDirectory,
    IProgress<StageProgress> Progress,
    Func<Func<JobRecord, JobRecord>, Task> AmendRecordAsync);
