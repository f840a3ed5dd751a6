using ATSync.Core.Audio;
using TorchSharp.PyBridge;

namespace ATSync.Core.Model;

/// <summary>
/// Reads and writes <see cref="LipSyncNet"/> weights as PyTorch state_dict .pth files (the reference's key names),
/// so checkpoints move freely between ATSync and PyTorch.
/// </summary>
public static class LipSyncCheckpoint
{
    private static readonly AudioFeatureKind[] DetectionOrder = [AudioFeatureKind.Hubert, AudioFeatureKind.Wenet, AudioFeatureKind.Mel];

    /// <summary>Loads <paramref name="path"/>; with no <paramref name="audio"/> the mode is the one whose keys and shapes fit.</summary>
    /// <param name="profile">null: whichever profile's shapes fit (the reference's first).</param>
    public static LipSyncNet Load(string path, AudioFeatureKind? audio = null, ModelProfile? profile = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"model checkpoint {path} does not exist", path);
        var candidates = audio is { } kind ? [kind] : DetectionOrder;
        ModelProfile[] profiles = profile is { } p ? [p] : [ModelProfile.Reference, ModelProfile.Cpu];
        var errors = new List<string>();
        foreach (var candidateProfile in profiles)
            foreach (var candidate in candidates)
            {
                var model = new LipSyncNet(candidate, candidateProfile);
                try
                {
                    RequireSameShapes(path, model);
                    model.load_py(path, strict: true);
                    model.eval();
                    return model;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    model.Dispose();
                    errors.Add($"{candidateProfile}/{candidate}: {e.Message}");
                }
            }
        throw new InvalidDataException(
            $"{path} is not a lip-sync checkpoint for {string.Join(" or ", candidates)} audio ({string.Join("; ", errors)})");
    }

    /// <summary>
    /// load_py's strict mode checks the names, not the shapes (a CPU-profile checkpoint has the reference's names with
    /// half the channels, and loading it into the reference network silently kept the fresh weights), so the file's
    /// tensor shapes are compared with the network's first.
    /// </summary>
    private static void RequireSameShapes(string path, LipSyncNet model)
    {
        using var scope = TorchSharp.torch.NewDisposeScope(); // the tensors read here are thrown away
        using var stream = File.OpenRead(path);
        var stored = PyTorchUnpickler.UnpickleStateDict(stream);
        foreach (var (name, tensor) in model.state_dict())
        {
            if (stored[name] is not TorchSharp.torch.Tensor saved) throw new InvalidDataException($"{path} has no tensor {name}");
            if (!saved.shape.SequenceEqual(tensor.shape))
                throw new InvalidDataException($"{name} has shape [{string.Join(", ", saved.shape)}], not [{string.Join(", ", tensor.shape)}]");
        }
    }

    /// <summary>The audio mode of the checkpoint at <paramref name="path"/> (its audio encoder's keys and shapes).</summary>
    public static AudioFeatureKind DetectAudioKind(string path)
    {
        using var model = Load(path);
        return model.Audio;
    }

    /// <summary>Writes the state dict (parameters and BN buffers) in PyTorch's format; loads with torch.load.</summary>
    public static void Save(LipSyncNet model, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        // Write to a temporary file first so an interrupted save never leaves a truncated checkpoint behind.
        var temporary = path + ".partial";
        model.save_py(temporary);
        File.Move(temporary, path, overwrite: true);
    }
}
