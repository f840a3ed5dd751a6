using System.Diagnostics;
using ATSync.Core.Faces;
using ATSync.Core.Media;
using ATSync.Tests.Support;

namespace ATSync.Tests.Infra;

/// <summary>
/// ATSYNC_FFMPEG_DIR and ATSYNC_FACE_DATA_DIR (how the Azure Functions package brings its own ffmpeg and face data):
/// the resolution rules, and the real `atsync doctor` finding the tools and files where the variables point.
/// </summary>
public class ToolLocationOverrideTests
{
    [Fact]
    public void UnsetDirectoriesKeepTodaysLookups()
    {
        Assert.Equal("ffmpeg", FfmpegProcess.ToolPath("ffmpeg", null));
        Assert.Equal("ffprobe", FfmpegProcess.ToolPath("ffprobe", " "));
        Assert.Equal(FaceDataPaths.DebianDlib68Predictor,
            FaceDataPaths.Resolve(FaceDataPaths.Dlib68PredictorFileName, FaceDataPaths.DebianDlib68Predictor, ""));
    }

    [Fact]
    public void SetDirectoriesNameTheFilesInside()
    {
        Assert.Equal("/opt/ffmpeg/bin/ffprobe", FfmpegProcess.ToolPath("ffprobe", "/opt/ffmpeg/bin"));
        Assert.Equal("/home/site/wwwroot/facedata/haarcascade_frontalface_default.xml",
            FaceDataPaths.Resolve(FaceDataPaths.HaarFrontalFaceFileName, FaceDataPaths.DebianHaarFrontalFace, "/home/site/wwwroot/facedata"));
    }

    [Fact]
    public void RelativeDirectoriesAreTakenFromTheAppFolder()
    {
        // What the Function App's settings use (tools/ffmpeg, tools/facedata): the package's mount point is not fixed.
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "tools", "ffmpeg", "ffmpeg"), FfmpegProcess.ToolPath("ffmpeg", "tools/ffmpeg"));
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "tools", "facedata", FaceDataPaths.Dlib68PredictorFileName),
            FaceDataPaths.Resolve(FaceDataPaths.Dlib68PredictorFileName, FaceDataPaths.DebianDlib68Predictor, "tools/facedata"));
    }

    [SkippableFact]
    public async Task DoctorUsesTheToolsAndFaceDataWhereTheVariablesPoint()
    {
        Skip.IfNot(File.Exists("/usr/bin/ffmpeg") && File.Exists("/usr/bin/ffprobe"), "Debian's ffmpeg is needed to stand in for a static build");
        Skip.IfNot(File.Exists(FaceDataPaths.DebianDlib68Predictor) && File.Exists(FaceDataPaths.DebianHaarFrontalFace), "opencv-data and libdlib-data are needed");
        using var temp = new TempDirectory();
        var tools = Directory.CreateDirectory(Path.Combine(temp.Path, "ffmpeg bin")).FullName;
        var faces = Directory.CreateDirectory(Path.Combine(temp.Path, "facedata")).FullName;
        File.CreateSymbolicLink(Path.Combine(tools, "ffmpeg"), "/usr/bin/ffmpeg");
        File.CreateSymbolicLink(Path.Combine(tools, "ffprobe"), "/usr/bin/ffprobe");
        File.CreateSymbolicLink(Path.Combine(faces, FaceDataPaths.HaarFrontalFaceFileName), FaceDataPaths.DebianHaarFrontalFace);
        File.CreateSymbolicLink(Path.Combine(faces, FaceDataPaths.Dlib68PredictorFileName), FaceDataPaths.DebianDlib68Predictor);

        var found = await DoctorAsync(tools, faces);
        Assert.Contains($"ok      ffmpeg: ffmpeg version", found.StdOut);
        Assert.Contains($"({Path.Combine(tools, "ffmpeg")})", found.StdOut);
        Assert.Contains($"({Path.Combine(tools, "ffprobe")})", found.StdOut);
        Assert.Contains($"ok      Haar face cascade: {Path.Combine(faces, FaceDataPaths.HaarFrontalFaceFileName)}", found.StdOut);
        Assert.Contains($"ok      dlib 68-point predictor: {Path.Combine(faces, FaceDataPaths.Dlib68PredictorFileName)}", found.StdOut);

        // Empty folders: the overrides are really used (no silent fallback to PATH or /usr/share), and the fix names them.
        var emptyTools = Directory.CreateDirectory(Path.Combine(temp.Path, "no-ffmpeg")).FullName;
        var emptyFaces = Directory.CreateDirectory(Path.Combine(temp.Path, "no-faces")).FullName;
        var missing = await DoctorAsync(emptyTools, emptyFaces);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("MISSING ffmpeg:", missing.StdOut);
        Assert.Contains("MISSING ffprobe:", missing.StdOut);
        Assert.Contains($"MISSING dlib 68-point predictor: {Path.Combine(emptyFaces, FaceDataPaths.Dlib68PredictorFileName)} not found", missing.StdOut);
        Assert.Contains(FfmpegProcess.DirectoryVariable, missing.StdOut);
        Assert.Contains(FaceDataPaths.DirectoryVariable, missing.StdOut);
    }

    private static async Task<ExternalTool.Result> DoctorAsync(string ffmpegDir, string? faceDataDir)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "atsync.dll"));
        start.ArgumentList.Add("doctor");
        start.Environment[FfmpegProcess.DirectoryVariable] = ffmpegDir;
        if (faceDataDir is not null) start.Environment[FaceDataPaths.DirectoryVariable] = faceDataDir;
        else start.Environment.Remove(FaceDataPaths.DirectoryVariable);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("atsync did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return new ExternalTool.Result(process.ExitCode, await stdout, await stderr);
    }
}
