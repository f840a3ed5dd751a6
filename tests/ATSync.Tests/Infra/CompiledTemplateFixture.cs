using System.Text.Json.Nodes;
using ATSync.Tests.Support;

namespace ATSync.Tests.Infra;

/// <summary>Builds infra/main.bicep once for all the template tests (a build takes several seconds).</summary>
public sealed class CompiledTemplateFixture : IAsyncLifetime
{
    public BicepCli.Result Build { get; private set; } = new(-1, "", "not built");

    public string MainBicep { get; } = Path.Combine(SharedAssets.RepoRoot, "infra", "main.bicep");

    /// <summary>The compiled template; fails the asking test when the build did not succeed.</summary>
    public CompiledTemplate Template =>
        _template ?? throw new InvalidOperationException($"bicep build failed (exit {Build.ExitCode}): {Build.StdErr}");

    private CompiledTemplate? _template;

    public async Task InitializeAsync()
    {
        Build = await BicepCli.BuildAsync(MainBicep);
        if (Build.ExitCode == 0) _template = new CompiledTemplate(JsonNode.Parse(Build.StdOut)!.AsObject());
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
