namespace ATSync.Core.Training;

/// <summary>
/// Resolves `--precision auto|fp32|bf16`: auto takes bf16 where the CPU computes it natively (AVX-512 BF16 or AMX
/// BF16, where oneDNN's bf16 convolutions are faster than float32) and float32 elsewhere (emulated bf16 is slower).
/// </summary>
public static class TrainingPrecisionChoice
{
    public static TrainingPrecision Resolve(string? choice) => choice?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => CpuHasNativeBf16() ? TrainingPrecision.Bf16 : TrainingPrecision.Fp32,
        "fp32" or "float32" => TrainingPrecision.Fp32,
        "bf16" or "bfloat16" => TrainingPrecision.Bf16,
        _ => throw new ArgumentException($"unknown precision '{choice}': use auto, fp32 or bf16"),
    };

    /// <summary>Whether /proc/cpuinfo lists avx512_bf16 or amx_bf16 (false where it cannot be read).</summary>
    public static bool CpuHasNativeBf16()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return false;
        foreach (var line in File.ReadLines(cpuInfo))
        {
            if (!line.StartsWith("flags", StringComparison.Ordinal)) continue;
            var flags = line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return flags.Contains("avx512_bf16") || flags.Contains("amx_bf16");
        }
        return false;
    }
}
