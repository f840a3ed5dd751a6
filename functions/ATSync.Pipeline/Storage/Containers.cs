namespace ATSync.Pipeline.Storage;

/// <summary>The data account's containers (shared names: the Bicep, the worker and the docs use them).</summary>
public static class Containers
{
    public const string Videos = "videos";
    public const string Datasets = "datasets";
    public const string Models = "models";
    public const string Results = "results";
    public const string Rejected = "rejected";

    public static IReadOnlyList<string> All { get; } = [Videos, Datasets, Models, Results, Rejected];
}
