namespace ATSync.Core.Inference;

/// <summary>What runs the network at inference: LibTorch through TorchSharp, or ONNX Runtime.</summary>
public enum InferenceEngine
{
    Torch,
    Onnx,
}
