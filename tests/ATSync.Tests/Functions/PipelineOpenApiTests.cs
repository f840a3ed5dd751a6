using System.Text.Json.Nodes;
using ATSync.Pipeline.Api;
using ATSync.Tests.Support;

namespace ATSync.Tests.Functions;

/// <summary>
/// The pipeline's OpenAPI document lists exactly the HTTP routes and methods the Functions app declares (its generated
/// functions.metadata, as the Functions host reads it), and every operation's id is the function's name. (The local
/// host serves the same document: LocalHostTests.)
/// </summary>
public sealed class PipelineOpenApiTests
{
    [Fact]
    public void The_document_lists_exactly_the_http_routes_the_functions_app_declares()
    {
        var bin = Path.Combine(SharedAssets.RepoRoot, "functions", "ATSync.Functions", "bin");
        var metadata = Directory.GetFiles(bin, "functions.metadata", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).First();
        var declared = JsonNode.Parse(File.ReadAllText(metadata))!.AsArray()
            .Select(f => f!.AsObject())
            .SelectMany(f => f["bindings"]!.AsArray().Select(b => b!.AsObject())
                .Where(b => (string)b["type"]! == "httpTrigger")
                .SelectMany(b => b["methods"]!.AsArray().Select(m => $"{(string)m!} /{(string)b["route"]!} {(string)f["name"]!}")))
            .Order().ToList();

        var document = JsonNode.Parse(PipelineOpenApi.Json)!;
        Assert.Equal("3.0.3", (string)document["openapi"]!);
        var documented = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key} {p.Key} {(string)o.Value!["operationId"]!}"))
            .Order().ToList();

        Assert.True(declared.Count >= 5, $"only {declared.Count} HTTP routes found in {metadata}");
        Assert.Equal(declared, documented);
    }
}
