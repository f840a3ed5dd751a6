namespace ATSync.Core.Audio;

/// <summary>
/// How the user of a host gives the HuBERT and WeNet model files, for the error when one is missing: the CLI's flags,
/// or a service's configuration keys (an operator reading a failed job needs the setting, not a flag they cannot pass).
/// </summary>
public sealed record EncoderModelSettings(string Hubert, string Wenet)
{
    public static EncoderModelSettings Cli { get; } = new("pass --hubert_model <path.onnx>", "pass --wenet_model <path.onnx>");

    /// <summary>Configuration keys, e.g. <c>Worker</c> -> "set Worker__HubertModelPath to the file's path".</summary>
    public static EncoderModelSettings Configuration(string section) =>
        new($"set {section}__HubertModelPath to the file's path", $"set {section}__WenetModelPath to the file's path");
}
