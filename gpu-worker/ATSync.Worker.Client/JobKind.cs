using System.Text.Json.Serialization;

namespace ATSync.Worker.Client;

/// <summary>What a worker job does: train a person's model, or render a lip-synced video with one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobKind>))]
public enum JobKind
{
    [JsonStringEnumMemberName("train")] Train,
    [JsonStringEnumMemberName("infer")] Infer,
}
