using System.Text.Json.Serialization;
using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Starting;

/// <summary>
/// GET /api/lipsync/{instanceId}: where a lip-sync stands and, once it completed, download links to its video and
/// report (signed when asked for, valid for <see cref="PipelineOptions.ReadLinkExpiry"/>; ask again for fresh ones).
/// </summary>
public sealed record LipsyncStatus(string InstanceId, string PersonId, string JobId, string Status, string? Failure,
    string? ModelJobId, ReadLink? Result, ReadLink? Report)
{
    /// <summary>Not ended yet (the hosts answer 202 then, as the Durable status API does; 200 once it ended).</summary>
    [JsonIgnore]
    public bool InProgress => Status is "Running" or "Pending" or "Suspended";
}
