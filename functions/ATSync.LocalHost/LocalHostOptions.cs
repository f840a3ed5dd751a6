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
}
