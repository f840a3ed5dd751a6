namespace ATSync.Core.Audio;

/// <summary>Which audio features drive the model (the CLI's --asr).</summary>
public enum AudioFeatureKind
{
    /// <summary>Built-in 80-bin log-mel, no model file needed.</summary>
    Mel,

    /// <summary>HuBERT-large hidden states through ONNX Runtime: rows [2, 1024].</summary>
    Hubert,

    /// <summary>WeNet conformer encoder outputs through ONNX Runtime: rows [16, 512].</summary>
    Wenet,
}
