namespace ATSync.Pipeline;

/// <summary>
/// The URL the worker POSTs a job's final status to: <c>{base}/api/callbacks/{instanceId}</c>. A query string on the
/// base URL (e.g. <c>?code=&lt;function key&gt;</c> in Azure, where the route needs a key) is kept.
/// </summary>
public static class CallbackUrls
{
    public const string RoutePrefix = "callbacks";

    public static string For(string baseUrl, string instanceId)
    {
        var builder = new UriBuilder(baseUrl);
        builder.Path = $"{builder.Path.TrimEnd('/')}/api/{RoutePrefix}/{Uri.EscapeDataString(instanceId)}";
        return builder.Uri.ToString();
    }
}
