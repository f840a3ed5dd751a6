namespace ATSync.Core.Model;

/// <summary>
/// `--profile auto|cpu|reference`: auto is the reference design where training runs on a CUDA GPU (it has the budget
/// the design needs) and the CPU profile everywhere else; a run that continues or starts from a checkpoint keeps that
/// checkpoint's profile.
/// </summary>
public static class ModelProfileChoice
{
    /// <returns>The requested profile, or null for auto.</returns>
    /// <exception cref="ArgumentException">Not auto, cpu or reference.</exception>
    public static ModelProfile? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "cpu" => ModelProfile.Cpu,
        "reference" => ModelProfile.Reference,
        _ => throw new ArgumentException($"--profile must be auto, cpu or reference (got '{value}')"),
    };

    public static ModelProfile Resolve(ModelProfile? requested, ModelProfile? fromCheckpoint, bool onGpu)
    {
        if (requested is { } wanted && fromCheckpoint is { } existing && wanted != existing)
            throw new ArgumentException($"--profile {Name(wanted)} does not fit the checkpoint it continues from, a {Name(existing)}-profile model");
        return requested ?? fromCheckpoint ?? (onGpu ? ModelProfile.Reference : ModelProfile.Cpu);
    }

    public static string Name(ModelProfile profile) => profile.ToString().ToLowerInvariant();
}
