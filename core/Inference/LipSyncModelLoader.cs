using ATSync.Core.Audio;
using ATSync.Core.Export;
using ATSync.Core.Model;
using ATSync.Core.Mouth;
using ATSync.Core.Training;
using Microsoft.ML.OnnxRuntime;

namespace ATSync.Core.Inference;

/// <summary>
/// Opens a trained model for inference: a .pth checkpoint (run by TorchSharp, or exported in memory to ONNX) or an
/// exported .onnx file, and settles which audio features it takes (model card, else the checkpoint's weights or the
/// ONNX audio input's shape): the requested kind must match the model's.
/// </summary>
public static class LipSyncModelLoader
{
    /// <param name="requested">--asr; null: the model card's, else detected from the checkpoint.</param>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="InvalidDataException">The model is unreadable or takes other audio features than requested.</exception>
    /// <param name="engine">null: ONNX Runtime for an .onnx file, TorchSharp for a checkpoint.</param>
    public static ILipSyncEngine Open(string modelPath, InferenceEngine? engine, AudioFeatureKind? requested, out AudioFeatureKind asr) =>
        Open(modelPath, engine, requested, out asr, out _);

    /// <param name="input">How this model's face input is built: its profile, and for the CPU profile the mouth-shape
    /// model beside it (<see cref="MouthShapeModel.FileName"/>).</param>
    public static ILipSyncEngine Open(string modelPath, InferenceEngine? engine, AudioFeatureKind? requested, out AudioFeatureKind asr,
        out FaceInput input)
    {
        var opened = OpenEngine(modelPath, engine, requested, out asr, out var profile);
        try
        {
            input = InputFor(modelPath, profile, asr);
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    private static FaceInput InputFor(string modelPath, ModelProfile profile, AudioFeatureKind asr)
    {
        if (profile == ModelProfile.Reference) return FaceInput.Reference;
        var path = MouthShapeModel.PathBeside(modelPath);
        if (!File.Exists(path))
            throw new InvalidDataException($"{modelPath} is a CPU-profile model: it needs its {MouthShapeModel.FileName} beside it (written by `atsync train`, copied by `atsync export-onnx`)");
        var mouth = MouthShapeModel.Read(path);
        if (mouth.Audio != asr)
            throw new InvalidDataException($"{path} takes {Name(mouth.Audio)} features but the model takes {Name(asr)}");
        return new FaceInput(profile, mouth);
    }

    private static ILipSyncEngine OpenEngine(string modelPath, InferenceEngine? engine, AudioFeatureKind? requested, out AudioFeatureKind asr,
        out ModelProfile profile)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"model {modelPath} does not exist", modelPath);
        var cardPath = ModelCard.PathBeside(modelPath);
        ModelCard? card = File.Exists(cardPath) ? ModelCard.Read(cardPath) : null;
        if (requested is { } wanted && card is not null && card.Asr != wanted)
            throw Mismatch(modelPath, card.Asr, wanted, $"its {ModelCard.FileName} says");

        if (modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            if (engine == InferenceEngine.Torch)
                throw new ArgumentException($"{modelPath} is an ONNX model: run it with --engine onnx (or give the .pth checkpoint)");
            var bytes = File.ReadAllBytes(modelPath);
            var actual = OnnxAudioKind(modelPath, bytes);
            if (requested is { } wantedKind && wantedKind != actual) throw Mismatch(modelPath, actual, wantedKind, "its audio input's shape says");
            asr = actual;
            profile = card?.Profile ?? (File.Exists(MouthShapeModel.PathBeside(modelPath)) ? ModelProfile.Cpu : ModelProfile.Reference);
            return OnCpu(new OnnxLipSyncEngine(bytes, AudioFeatureWindow.InputShape(asr).Select(d => (long)d).ToArray()), asr);
        }

        var model = LoadCheckpoint(modelPath, requested ?? card?.Asr, card?.Profile);
        asr = model.Audio;
        profile = model.Profile;
        if (engine != InferenceEngine.Onnx)
        {
            var torchEngine = new TorchLipSyncEngine(model);
            return torchEngine.OnGpu ? torchEngine : OnCpu(torchEngine, asr);
        }
        try
        {
            return OnCpu(new OnnxLipSyncEngine(LipSyncOnnxExporter.ExportToBytes(model), model.AudioWindowShape), asr);
        }
        finally
        {
            model.Dispose();
        }
    }

    /// <summary>A CPU engine runs fixed slices (<see cref="FixedBatchEngine"/>): steady memory plans, cache-sized batches.</summary>
    private static FixedBatchEngine OnCpu(ILipSyncEngine engine, AudioFeatureKind asr) =>
        new(engine, AudioFeatureWindow.InputShape(asr).Aggregate(1, (a, b) => a * b));

    /// <summary>The audio mode of an exported model, from its audio input's shape (batch dimension aside).</summary>
    private static AudioFeatureKind OnnxAudioKind(string path, byte[] model)
    {
        try
        {
            // Reading the signature needs no graph optimisation: this session opens fast and is thrown away.
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
            using var session = new InferenceSession(model, options);
            if (!session.InputMetadata.TryGetValue(LipSyncOnnxExporter.AudioInput, out var audio)
                || !session.InputMetadata.ContainsKey(LipSyncOnnxExporter.FaceInput))
                throw new InvalidDataException(
                    $"{path} is not a lip-sync ONNX model: its inputs are {string.Join(", ", session.InputMetadata.Keys)}, expected '{LipSyncOnnxExporter.FaceInput}' and '{LipSyncOnnxExporter.AudioInput}' (make one with `atsync export-onnx`)");
            var window = audio.Dimensions.Skip(1).ToArray();
            foreach (var kind in Enum.GetValues<AudioFeatureKind>())
                if (AudioFeatureWindow.InputShape(kind).SequenceEqual(window)) return kind;
            throw new InvalidDataException($"{path}: audio input of shape [{string.Join(", ", audio.Dimensions)}] fits no audio mode (mel, hubert, wenet)");
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{path} is not a readable ONNX model ({e.Message})", e);
        }
    }

    private static LipSyncNet LoadCheckpoint(string path, AudioFeatureKind? kind, ModelProfile? profile)
    {
        try
        {
            return LipSyncCheckpoint.Load(path, kind, profile);
        }
        catch (InvalidDataException) when (kind is { } wanted)
        {
            // Say which features the checkpoint does take, when it is a checkpoint at all.
            AudioFeatureKind actual;
            try
            {
                actual = LipSyncCheckpoint.DetectAudioKind(path);
            }
            catch (InvalidDataException)
            {
                throw new InvalidDataException($"{path} is not a lip-sync checkpoint (no audio mode's weights fit it)");
            }
            throw Mismatch(path, actual, wanted, "its weights say");
        }
    }

    private static InvalidDataException Mismatch(string path, AudioFeatureKind actual, AudioFeatureKind wanted, string source) =>
        new($"{path} was trained on {Name(actual)} features ({source}), not {Name(wanted)}: use --asr {Name(actual)} or a model trained with --asr {Name(wanted)}");

    private static string Name(AudioFeatureKind kind) => kind.ToString().ToLowerInvariant();
}
