namespace ATSync.Pipeline.Api;

/// <summary>
/// The pipeline's HTTP API as an OpenAPI 3.0 document (pipeline-openapi.json, embedded), served by both hosts at
/// <c>/api/openapi.json</c>. Written by hand: the Functions isolated worker has no route metadata to generate it from at
/// run time; a test checks it against the routes the Functions app declares and the local host serves.
/// </summary>
public static class PipelineOpenApi
{
    public const string Route = "openapi.json";

    private static readonly Lazy<string> Document = new(() =>
    {
        using var stream = typeof(PipelineOpenApi).Assembly.GetManifestResourceStream("ATSync.Pipeline.Api.pipeline-openapi.json")
                           ?? throw new InvalidOperationException("the embedded OpenAPI document is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Json => Document.Value;
}
