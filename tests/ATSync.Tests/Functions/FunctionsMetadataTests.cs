using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ATSync.Pipeline;
using ATSync.Tests.Support;
using Microsoft.DurableTask;

namespace ATSync.Tests.Functions;

/// <summary>
/// The Functions app as the Functions host will see it: the functions.metadata its build generates (the solution build
/// makes it) lists every trigger with the right route, method, auth level, container path and source, and a [Function]
/// for every orchestrator and activity the pipeline library registers; host.json (task hub atsync) sits beside it.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly string Output = FindOutput();

    private static string FindOutput()
    {
        var bin = Path.Combine(SharedAssets.RepoRoot, "functions", "ATSync.Functions", "bin");
        var candidates = Directory.Exists(bin)
            ? Directory.GetFiles(bin, "functions.metadata", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).ToList()
            : [];
        return candidates.Count > 0 ? Path.GetDirectoryName(candidates[0])!
            : throw new InvalidOperationException($"no functions.metadata under {bin}: build ATSync.sln first");
    }

    private static Dictionary<string, JsonObject> Functions() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "functions.metadata")))!.AsArray()
            .Select(f => f!.AsObject()).ToDictionary(f => (string)f["name"]!);

    private static JsonObject Trigger(JsonObject function) =>
        function["bindings"]!.AsArray().Select(b => b!.AsObject()).Single(b => ((string)b["type"]!).EndsWith("Trigger"));

    [Theory]
    [InlineData("StartTraining", "post", "persons/{personId}/train", "Function")]
    [InlineData("StartLipsync", "post", "lipsync", "Function")]
    [InlineData("GetLipsync", "get", "lipsync/{instanceId}", "Function")]
    [InlineData("UploadVideo", "put", "persons/{personId}/video", "Function")]
    [InlineData("GetPerson", "get", "persons/{personId}", "Function")]
    // Anonymous: the worker's HMAC signature authenticates it (no key in the callback URL).
    [InlineData("WorkerCallback", "post", "callbacks/{instanceId}", "Anonymous")]
    public void Http_triggers_have_their_route_method_and_auth_level(string name, string method, string route, string authLevel)
    {
        var function = Functions()[name];
        var trigger = Trigger(function);
        Assert.Equal("httpTrigger", (string)trigger["type"]!);
        Assert.Equal(route, (string)trigger["route"]!);
        Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(authLevel, (string)trigger["authLevel"]!);
        // Starters need the Durable client binding to start orchestrations and build the check-status response.
        Assert.Contains(function["bindings"]!.AsArray(), b => (string)b!["type"]! == "durableClient");
    }

    [Fact]
    public void The_blob_trigger_watches_videos_through_event_grid_on_the_data_account()
    {
        var function = Functions()["OnVideoUploaded"];
        var trigger = Trigger(function);
        Assert.Equal("blobTrigger", (string)trigger["type"]!);
        Assert.Equal("videos/{name}", (string)trigger["path"]!);
        Assert.Equal("EventGrid", (string)trigger["source"]!);
        Assert.Equal(PipelineServices.StorageConnectionName, (string)trigger["connection"]!);
        Assert.Contains(function["bindings"]!.AsArray(), b => (string)b!["type"]! == "durableClient");

        // The Event Grid subscription the Bicep creates calls the blob extension's webhook for this function by name.
        var bicep = File.ReadAllText(Path.Combine(SharedAssets.RepoRoot, "infra", "main.bicep"));
        var parameters = File.ReadAllText(Path.Combine(SharedAssets.RepoRoot, "infra", "main.parameters.json"));
        Assert.Contains("param blobTriggerFunctionName string = 'OnVideoUploaded'", bicep);
        Assert.Contains("ATSYNC_BLOB_TRIGGER_FUNCTION=OnVideoUploaded}", parameters);
    }

    [Fact]
    public void Every_orchestrator_and_activity_of_the_pipeline_has_a_function_of_its_task_name()
    {
        var functions = Functions();
        var tasks = typeof(PipelineTasks).Assembly.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<DurableTaskAttribute>()))
            .Where(t => t.Attribute is not null).ToList();
        Assert.True(tasks.Count >= 15, $"only {tasks.Count} durable tasks found");
        foreach (var (type, attribute) in tasks)
        {
            var name = attribute!.Name.Name;
            Assert.True(functions.ContainsKey(name), $"{type.Name} ({name}) has no [Function] wrapper");
            var expected = type.BaseType!.GetGenericTypeDefinition() == typeof(TaskOrchestrator<,>) ? "orchestrationTrigger" : "activityTrigger";
            Assert.Equal(expected, (string)Trigger(functions[name])["type"]!);
        }
    }

    [Fact]
    public void Host_json_beside_the_app_names_the_atsync_task_hub_and_the_host_extensions_are_generated()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "host.json")))!;
        Assert.Equal("2.0", (string)host["version"]!);
        Assert.Equal("atsync", (string)host["extensions"]!["durableTask"]!["hubName"]!);
        // The isolated worker brings its extensions (extensions.json); a bundle would clash with them.
        Assert.Null(host["extensionBundle"]);
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "extensions.json")))!["extensions"]!.AsArray()
            .Select(e => (string)e!["name"]!).ToList();
        Assert.Contains("DurableTask", extensions);
        Assert.Contains("AzureStorageBlobs", extensions);
        Assert.Equal(File.ReadAllText(Path.Combine(SharedAssets.RepoRoot, "host.json")), File.ReadAllText(Path.Combine(Output, "host.json")));
    }
}
