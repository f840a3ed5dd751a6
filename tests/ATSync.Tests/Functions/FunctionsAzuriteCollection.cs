using ATSync.Tests.Support;

namespace ATSync.Tests.Functions;

/// <summary>The pipeline uses fixed container names (videos, datasets, ...), so its tests get an Azurite of their own
/// instead of sharing the "azurite" collection's; within it, tests keep apart by person id.</summary>
[CollectionDefinition(Name)]
public sealed class FunctionsAzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "functions-azurite";
}
