using System.Text.Json;
using System.Text.Json.Serialization;

namespace ATSync.Pipeline;

/// <summary>The JSON of the pipeline's own blobs and HTTP bodies (camelCase, enums as strings).</summary>
public static class PipelineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
