using System.Diagnostics;
using System.Xml.Linq;
using ATSync.Tests.Support;

namespace ATSync.Tests.Infra;

/// <summary>
/// infra/hooks/functions-runtime.targets, through a real `dotnet publish` of a stand-in ATSync.Functions project:
/// the staged ffmpeg, face data and OpenCV libraries land under tools/ with their execute bits, and the published
/// libOpenCvSharpExtern.so is pointed at tools/native.
/// </summary>
public class FunctionsRuntimePublishTests
{
    [SkippableFact]
    public async Task StagedRuntimeIsPublishedUnderToolsAndOpenCvLooksThere()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/usr/bin/patchelf"), "patchelf (Debian package) is needed");
        using var temp = new TempDirectory();
        var stage = Directory.CreateDirectory(Path.Combine(temp.Path, "stage")).FullName;
        Write(stage, "ffmpeg/ffmpeg", "#!/bin/sh\necho staged-ffmpeg\n", executable: true);
        Write(stage, "ffmpeg/lib/libavcodec.so.59", "stand-in");
        Write(stage, "facedata/haarcascade_frontalface_default.xml", "<opencv_storage/>");
        Write(stage, "native/libgtk-3.so.0", "stand-in");
        Write(stage, ".stamp", "test");

        var project = Directory.CreateDirectory(Path.Combine(temp.Path, "ATSync.Functions")).FullName;
        var opencv = XDocument.Load(Path.Combine(SharedAssets.RepoRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .First(e => (string?)e.Attribute("Include") == "OpenCvSharp4.official.runtime.linux-x64").Attribute("Version")!.Value;
        var targets = Path.Combine(SharedAssets.RepoRoot, "infra", "hooks", "functions-runtime.targets");
        File.WriteAllText(Path.Combine(project, "ATSync.Functions.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
                <SelfContained>false</SelfContained>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OpenCvSharp4.official.runtime.linux-x64" Version="{opencv}" />
              </ItemGroup>
              <Import Project="{targets}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), "System.Console.WriteLine();");
        var output = Path.Combine(temp.Path, "publish");

        var publish = await Run(project, "dotnet", "publish", "-c", "Release", "-o", output, "-nologo", $"-p:AtsyncFunctionsRuntime={stage}");
        Assert.True(publish.ExitCode == 0, publish.StdOut + publish.StdErr);

        Assert.True(File.Exists(Path.Combine(output, "tools", "ffmpeg", "lib", "libavcodec.so.59")));
        Assert.True(File.Exists(Path.Combine(output, "tools", "facedata", "haarcascade_frontalface_default.xml")));
        Assert.True(File.Exists(Path.Combine(output, "tools", "native", "libgtk-3.so.0")));
        Assert.False(File.Exists(Path.Combine(output, "tools", ".stamp")));
        var ffmpeg = await Run(output, Path.Combine(output, "tools", "ffmpeg", "ffmpeg"));
        Assert.Equal("staged-ffmpeg", ffmpeg.StdOut.Trim()); // copied with its execute bit

        var rpath = await Run(output, "patchelf", "--print-rpath", Path.Combine(output, "libOpenCvSharpExtern.so"));
        Assert.Equal("$ORIGIN/tools/native", rpath.StdOut.Trim());
    }

    private static void Write(string root, string relative, string content, bool executable = false)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (executable && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    private static async Task<ExternalTool.Result> Run(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // A fresh project outside the repository: keep the outer test run's MSBuild settings out of it.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(cts.Token);
        return new ExternalTool.Result(process.ExitCode, await stdout, await stderr);
    }
}
