namespace ATSync.LocalHost;

/// <summary>The body of the Durable Functions 202 check-status response (same property names), pointing at the local
/// host's own status routes.</summary>
public sealed record CheckStatusResponse(string Id, string StatusQueryGetUri, string SendEventPostUri, string TerminatePostUri,
    string PurgeHistoryDeleteUri)
{
    public const string InstancesRoute = "/runtime/webhooks/durabletask/instances";

    public static CheckStatusResponse For(HttpRequest request, string instanceId)
    {
        var root = $"{request.Scheme}://{request.Host}{InstancesRoute}/{Uri.EscapeDataString(instanceId)}";
        return new CheckStatusResponse(instanceId, root, $"{root}/raiseEvent/{{eventName}}", $"{root}/terminate?reason={{text}}", root);
    }
}
