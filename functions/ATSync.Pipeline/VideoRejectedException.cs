namespace ATSync.Pipeline;

/// <summary>The uploaded video cannot make a dataset; it was moved to <c>rejected/</c> with a report. The
/// orchestration fails with this message.</summary>
public sealed class VideoRejectedException(string message) : Exception(message);
