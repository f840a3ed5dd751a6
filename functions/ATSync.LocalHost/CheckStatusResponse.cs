namespace ATSync.LocalHost;

/// <summary>The body of the Durable Functions 202 check-status response (same property names), pointing at the local
/// host's own status routes.</summary>
public sealed record CheckStatusResponse(string Id, string StatusQueryGetUri, string SendEventPostUri, string TerminatePostUri,
    string PurgeHistoryDeleteUri)
{
    public const string InstancesRoute = "/runtime/webhooks/durabletask/instances";

    /// <summary>With a function key the URLs carry it (<c>code=</c>), so a client can follow them as given.</summary>
    public static CheckStatusResponse For(HttpRequest request, string instanceId, string? functionKey = null)
    {
        var root = $"{request.Scheme}://{request.Host}{InstancesRoute}/{Uri.EscapeDataString(instanceId)}";
        var code = string.IsNullOrEmpty(functionKey) ? "" : $"code={Uri.EscapeDataString(functionKey)}";
        var status = code.Length == 0 ? root : $"{root}?{code}";
        var terminate = $"{root}/terminate?reason={{text}}" + (code.Length == 0 ? "" : $"&{code}");
        var raiseEvent = $"{root}/raiseEvent/{{eventName}}" + (code.Length == 0 ? "" : $"?{code}");
        return new CheckStatusResponse(instanceId, status, raiseEvent, terminate, status);
    }
}
