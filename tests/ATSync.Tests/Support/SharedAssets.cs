namespace ATSync.Tests.Support;

/// <summary>
/// The workplace's shared media, models and fixtures (../shared beside the repository). They are never committed;
/// tests that need them skip with a printed reason when the folder is absent.
/// </summary>
public static class SharedAssets
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Root { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Media(string name) => Require(Path.Combine(Root, "media", name));

    public static string Model(string name) => Require(Path.Combine(Root, "models", name));

    public static string Fixture(string name) => Require(Path.Combine(Root, "fixtures", name));

    private static string Require(string path)
    {
        Skip.IfNot(File.Exists(path), $"shared asset {path} is absent (../shared is not beside the repository)");
        return path;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ATSync.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ATSync.sln not found above the test binaries");
    }
}
