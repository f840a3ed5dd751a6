using ATSync.Core.Audio;

namespace ATSync.Core.Datasets;

/// <summary>How `atsync process` turns a video into a dataset (bound from the CLI flags or configuration).</summary>
public sealed class DatasetBuildOptions
{
    /// <summary>Audio features to compute (--asr).</summary>
    public AudioFeatureKind Asr { get; set; } = AudioFeatureKind.Mel;

    /// <summary>HuBERT ONNX model (--hubert_model), required for --asr hubert.</summary>
    public string? HubertModelPath { get; set; }

    /// <summary>WeNet encoder ONNX model (--wenet_model), required for --asr wenet.</summary>
    public string? WenetModelPath { get; set; }

    /// <summary>"haar" (OpenCV's cascade from Debian's opencv-data) or a YuNet .onnx path.</summary>
    public string FaceDetector { get; set; } = "haar";

    /// <summary>"dlib68" (dlib's predictor from Debian's libdlib-data) or a 68-point .onnx path.</summary>
    public string Landmarks { get; set; } = "dlib68";

    /// <summary>JPEG quality of full_body_img/*.jpg.</summary>
    public int JpegQuality { get; set; } = 95;

    /// <summary>Frames analysed in parallel (face detection, landmarks, JPEG encoding).</summary>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>Longest and largest video accepted (refused at probe time, before decoding).</summary>
    public Media.MediaLimits Limits { get; set; } = Media.MediaLimits.Default;
}
