using TorchSharp;
using static TorchSharp.torch;

namespace ATSync.Core.Training;

/// <summary>
/// Resolves `--device auto|cpu|cuda[:N]` against what this build of LibTorch can reach: TorchSharp-cpu everywhere but
/// the GPU worker image, which is built with TorchSharp-cuda-linux (`-p:AtsyncTorch=cuda`).
/// </summary>
public static class TrainingDevice
{
    public static Device Resolve(string? choice)
    {
        var name = string.IsNullOrWhiteSpace(choice) ? "auto" : choice.Trim().ToLowerInvariant();
        if (name == "cpu") return CPU;
        if (name == "auto") return cuda.is_available() ? CUDA : CPU;
        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new NotSupportedException(
                    $"--device {name}: no CUDA device is available to this build (TorchSharp-cpu, or no GPU/driver); " +
                    "use --device cpu, or the GPU worker image (built with -p:AtsyncTorch=cuda)");
            var index = name == "cuda" ? 0 : int.TryParse(name[5..], out var i) && i >= 0 ? i
                : throw new ArgumentException($"--device {name}: expected cuda or cuda:N");
            if (index >= cuda.device_count())
                throw new ArgumentException($"--device {name}: only {cuda.device_count()} CUDA device(s) are visible");
            return new Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"--device {choice}: expected auto, cpu or cuda");
    }

    /// <summary>How the model card records the device: "cpu" or "cuda:N".</summary>
    public static string Describe(Device device) =>
        device.type == DeviceType.CUDA ? $"cuda:{Math.Max(device.index, 0)}" : "cpu";
}
