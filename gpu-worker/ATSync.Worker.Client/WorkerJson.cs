using System.Text.Json;

namespace ATSync.Worker.Client;

/// <summary>The one JSON shape of the worker API (camelCase, enums as lower-case words), for both ends.</summary>
public static class WorkerJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
