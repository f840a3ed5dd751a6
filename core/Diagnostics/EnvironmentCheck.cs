using System.Diagnostics;
using ATSync.Core.Faces;
using ATSync.Core.Media;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace ATSync.Core.Diagnostics;

/// <summary>One native dependency's load check: its name, whether it works, and what to do when it does not.</summary>
public sealed record DependencyStatus(string Name, bool Ok, string Detail);

/// <summary>
/// Loads every native dependency the engine needs (LibTorch via TorchSharp, ONNX Runtime, OpenCV, ffmpeg,
/// and the face data files) and names exactly what is missing, so set-up problems surface before a job does.
/// </summary>
public static class EnvironmentCheck
{
    public static IReadOnlyList<DependencyStatus> Run()
    {
        return
        [
            Check("TorchSharp (LibTorch)", () =>
            {
                using var t = TorchSharp.torch.ones(2, 2).matmul(TorchSharp.torch.ones(2, 2));
                return $"LibTorch OK, 2x2 matmul = {t.sum().item<float>()}";
            }, "run scripts/setup.sh (it applies the libstdc++ fix in scripts/fix-torchsharp.sh)"),
            Check("ONNX Runtime", () => $"providers: {string.Join(", ", OrtEnv.Instance().GetAvailableProviders())}",
                "restore Microsoft.ML.OnnxRuntime"),
            Check("OpenCV", () =>
            {
                using var m = new Mat(4, 4, MatType.CV_8UC3, Scalar.All(7));
                Cv2.ImEncode(".jpg", m, out var jpg);
                return $"OpenCV {Cv2.GetVersionString()}, JPEG encode {jpg.Length} bytes";
            }, "apt-get install libgtk-3-0 (OpenCvSharp's native library links against it)"),
            Check("ffmpeg", () => RunVersion(FfmpegProcess.ToolPath("ffmpeg")), FfmpegFix),
            Check("ffprobe", () => RunVersion(FfmpegProcess.ToolPath("ffprobe")), FfmpegFix),
            Check("Haar face cascade", () => FileDetail(FaceDataPaths.HaarFrontalFace), FaceDataFix("opencv-data")),
            Check("dlib 68-point predictor", () => FileDetail(FaceDataPaths.Dlib68Predictor), FaceDataFix("libdlib-data")),
        ];
    }

    // The fix names the override when one is in force, since apt is then not the answer (e.g. Flex Consumption).
    private static string FfmpegFix =>
        Overridden(FfmpegProcess.DirectoryVariable) is { } dir
            ? $"put ffmpeg and ffprobe in {dir} ({FfmpegProcess.DirectoryVariable}) or unset it to use PATH"
            : "apt-get install ffmpeg";

    private static string FaceDataFix(string debianPackage) =>
        Overridden(FaceDataPaths.DirectoryVariable) is { } dir
            ? $"put the file in {dir} ({FaceDataPaths.DirectoryVariable}) or unset it to use Debian's"
            : $"apt-get install {debianPackage}";

    private static string? Overridden(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static DependencyStatus Check(string name, Func<string> probe, string fix)
    {
        try
        {
            return new DependencyStatus(name, true, probe());
        }
        catch (Exception e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            return new DependencyStatus(name, false, $"{reason.Split('\n')[0]} -> fix: {fix}");
        }
    }

    private static string FileDetail(string path) =>
        File.Exists(path) ? $"{path} ({new FileInfo(path).Length / 1024} KiB)" : throw new FileNotFoundException($"{path} not found");

    private static string RunVersion(string tool)
    {
        using var p = Process.Start(new ProcessStartInfo(tool, "-hide_banner -version")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"{tool} did not start");
        var first = p.StandardOutput.ReadLine() ?? "";
        p.WaitForExit();
        // A tool from ATSYNC_FFMPEG_DIR says where it came from; a PATH lookup reads as before.
        if (tool.Contains('/')) first = $"{first} ({tool})";
        return p.ExitCode == 0 ? first : throw new InvalidOperationException($"{tool} exited {p.ExitCode}");
    }
}
