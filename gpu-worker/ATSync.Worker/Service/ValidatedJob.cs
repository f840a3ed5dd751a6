using ATSync.Worker.Client;

namespace ATSync.Worker.Service;

/// <summary>A job spec that passed <see cref="JobSpecValidator"/>: its blob locations resolved per role.</summary>
public sealed record ValidatedJob(
    JobSpec Spec,
    IReadOnlyDictionary<string, BlobLocation> Inputs,
    IReadOnlyDictionary<string, BlobLocation> Outputs);
