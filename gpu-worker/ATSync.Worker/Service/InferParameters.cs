using ATSync.Core.Audio;
using ATSync.Core.Inference;

namespace ATSync.Worker.Service;

/// <summary>An infer job's parameters: `atsync infer`'s flags without dashes (frames per network call, features, engine).</summary>
public sealed record InferParameters(int BatchSize, AudioFeatureKind? Asr, InferenceEngine? Engine)
{
    /// <summary>Frames per network call: beyond this a batch's activations outgrow a GPU's memory for no speed.</summary>
    public const int MaxBatchSize = 256;

    public static InferParameters Read(IReadOnlyDictionary<string, string>? parameters, out List<string> errors)
    {
        var reader = new JobParameterReader(parameters, "infer");
        var result = new InferParameters(
            reader.Int("batch_size", 32, min: 1, max: MaxBatchSize),
            reader.Enum<AudioFeatureKind>("asr"),
            reader.Enum<InferenceEngine>("engine"));
        reader.RejectUnknown();
        errors = reader.Errors;
        return result;
    }
}
