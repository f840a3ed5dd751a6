using System.Diagnostics;
using System.Xml.Linq;
using ATSync.Tests.Support;

namespace ATSync.Tests.Infra;

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (referenced by the test project with
/// ExcludeAssets=all, so restore only downloads it): the package keeps a self-contained `bicep` executable in tools/.
/// </summary>
public static class BicepCli
{
    private const string PackageId = "Azure.Bicep.CommandLine.linux-x64";

    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <summary>tools/bicep of the restored package, at the version Directory.Packages.props pins; made executable.</summary>
    public static string Locate()
    {
        var props = XDocument.Load(Path.Combine(SharedAssets.RepoRoot, "Directory.Packages.props"));
        var version = props.Descendants("PackageVersion")
            .FirstOrDefault(e => (string?)e.Attribute("Include") == PackageId)?.Attribute("Version")?.Value
            ?? throw new InvalidOperationException($"{PackageId} is not pinned in Directory.Packages.props");
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var bicep = Path.Combine(packages, PackageId.ToLowerInvariant(), version, "tools", "bicep");
        if (!File.Exists(bicep))
            throw new FileNotFoundException($"{bicep} not found: restore tests/ATSync.Tests (it references {PackageId} {version})", bicep);
        if (!OperatingSystem.IsWindows()) MakeExecutable(bicep);
        return bicep;
    }

    // NuGet extraction does not always keep the execute bit of tools/bicep.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeExecutable(string path)
    {
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0) File.SetUnixFileMode(path, mode | execute);
    }

    /// <summary>`bicep build FILE --stdout`: the ARM JSON on stdout, diagnostics (linter included) on stderr.</summary>
    public static async Task<Result> BuildAsync(string bicepFile)
    {
        var start = new ProcessStartInfo(Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(bicepFile)!,
        };
        foreach (var a in new[] { "build", bicepFile, "--stdout" }) start.ArgumentList.Add(a);
        // No first-run experience or telemetry prompts from the .NET single-file host inside the CLI.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep build {bicepFile} did not finish in 3 minutes");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
