using ATSync.Core.Onnx;
namespace ATSync.Core.Audio;

/// <summary>Makes the extractor for the chosen --asr kind; HuBERT and WeNet need a user-supplied ONNX model file.</summary>
public static class AudioFeatureExtractorFactory
{
    /// <param name="settings">How the missing model would be given (default: the CLI's flags).</param>
    /// <exception cref="ArgumentException">the kind needs a model file and none was given.</exception>
    /// <exception cref="FileNotFoundException">the model file does not exist.</exception>
    /// <exception cref="InvalidDataException">the model file is unreadable or has the wrong signature.</exception>
    public static IAudioFeatureExtractor Create(AudioFeatureKind kind, string? hubertModelPath, string? wenetModelPath,
        EncoderModelSettings? settings = null)
    {
        settings ??= EncoderModelSettings.Cli;
        return kind switch
        {
            AudioFeatureKind.Mel => new MelFeatureExtractor(),
            AudioFeatureKind.Hubert => new HubertFeatureExtractor(Require(hubertModelPath, "hubert", settings.Hubert,
                HubertFeatureExtractor.Contract, "make it with tools/encoders/export_hubert.py, see tools/encoders/README.md")),
            AudioFeatureKind.Wenet => new WenetFeatureExtractor(Require(wenetModelPath, "wenet", settings.Wenet,
                WenetFeatureExtractor.Contract, "the reference tool's encoder.onnx, see tools/encoders/README.md")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown audio feature kind"),
        };
    }

    private static string Require(string? path, string asr, string howToGiveOne, OnnxModelContract contract, string whereToGetOne) =>
        string.IsNullOrWhiteSpace(path)
            ? throw new ArgumentException(
                $"--asr {asr} needs the {contract.ModelName} ONNX model file: {howToGiveOne} ({whereToGetOne}; expected {contract.Signature})")
            : path;
}
