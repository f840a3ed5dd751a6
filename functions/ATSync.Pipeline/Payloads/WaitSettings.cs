namespace ATSync.Pipeline.Payloads;

/// <summary>How an orchestration waits on a worker job: callbacks to this base URL (none: poll only), poll interval, limit.</summary>
public sealed record WaitSettings(string? CallbackBaseUrl, TimeSpan PollInterval, TimeSpan Timeout);
