using ATSync.Core.Audio;
using ATSync.Core.Export;
using ATSync.Core.Model;
using ATSync.Core.Training;

namespace ATSync.Core.Inference;

/// <summary>
/// Opens a trained model for inference: a .pth checkpoint (run by TorchSharp, or exported in memory to ONNX) or an
/// exported .onnx file, and settles which audio features it takes: the requested kind must match the model's.
/// </summary>
public static class LipSyncModelLoader
{
    /// <param name="requested">--asr; null: the model card's, else detected from the checkpoint.</param>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="InvalidDataException">The model is unreadable or takes other audio features than requested.</exception>
    public static ILipSyncEngine Open(string modelPath, InferenceEngine engine, AudioFeatureKind? requested, out AudioFeatureKind asr)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"model {modelPath} does not exist", modelPath);
        var cardPath = ModelCard.PathBeside(modelPath);
        ModelCard? card = File.Exists(cardPath) ? ModelCard.Read(cardPath) : null;
        if (requested is { } wanted && card is not null && card.Asr != wanted)
            throw Mismatch(modelPath, card.Asr, wanted, $"its {ModelCard.FileName} says");

        if (modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            asr = requested ?? card?.Asr ?? throw new ArgumentException(
                $"{modelPath}: an .onnx model does not say which audio features it takes and no {ModelCard.FileName} is beside it; pass --asr mel|hubert|wenet");
            if (engine != InferenceEngine.Onnx)
                throw new ArgumentException($"{modelPath} is an ONNX model: run it with --engine onnx (or give the .pth checkpoint)");
            var shape = AudioFeatureWindow.InputShape(asr).Select(d => (long)d).ToArray();
            try
            {
                return new OnnxLipSyncEngine(File.ReadAllBytes(modelPath), shape);
            }
            catch (Exception e) when (e is Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
            {
                throw new InvalidDataException($"{modelPath} is not a readable ONNX model ({e.Message})", e);
            }
        }

        var model = LoadCheckpoint(modelPath, requested ?? card?.Asr);
        asr = model.Audio;
        if (engine == InferenceEngine.Torch) return new TorchLipSyncEngine(model);
        try
        {
            return new OnnxLipSyncEngine(LipSyncOnnxExporter.ExportToBytes(model), model.AudioWindowShape);
        }
        finally
        {
            model.Dispose();
        }
    }

    private static LipSyncNet LoadCheckpoint(string path, AudioFeatureKind? kind)
    {
        try
        {
            return LipSyncCheckpoint.Load(path, kind);
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
