using ATSync.Core.Faces;
using ATSync.Core.Media;
using Microsoft.DurableTask;

namespace ATSync.Pipeline;

/// <summary>
/// Retries for activities: transient faults (storage or worker briefly unavailable, a killed process) are retried with
/// exponential backoff; a bad input (invalid video, no face, bad request) fails at once, since it would fail again.
/// </summary>
public static class PipelineRetry
{
    public static TaskOptions Transient { get; } = new(new TaskRetryOptions(new RetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(1))
    {
        HandleFailure = IsTransient,
    }));

    /// <summary>Failures that retrying cannot fix.</summary>
    public static bool IsTransient(TaskFailureDetails failure) =>
        !failure.IsCausedBy<PipelineInputException>() && !failure.IsCausedBy<MediaException>() &&
        !failure.IsCausedBy<FaceCoverageException>() && !failure.IsCausedBy<InvalidDataException>();
}
