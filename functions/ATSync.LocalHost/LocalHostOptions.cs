namespace ATSync.LocalHost;

/// <summary>Settings of the local host (section "LocalHost").</summary>
public sealed class LocalHostOptions
{
    public const string Section = "LocalHost";

    /// <summary>How often the <c>videos</c> container is listed for new uploads (the Functions app gets Event Grid).</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Task hub name (the Functions app's host.json says "atsync").</summary>
    public string TaskHub { get; set; } = "atsync";

    /// <summary>When set, the API routes need it as <c>?code=</c> or <c>x-functions-key</c>, like a function key.</summary>
    public string? FunctionKey { get; set; }

    /// <summary>
    /// How long a message the host took from the task hub's queues stays hidden from other hosts. A host that stops
    /// with one in hand (a restart mid-poll) leaves that orchestration waiting this long; shorter means a faster
    /// resume after a restart, but an activity still running when it lapses may be started a second time. Default: the
    /// backend's 5 minutes.
    /// </summary>
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
