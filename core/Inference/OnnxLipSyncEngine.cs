using ATSync.Core.Export;

namespace ATSync.Core.Inference;

/// <summary>
/// Runs an exported lip-sync ONNX graph (float or int8) with ONNX Runtime on the CPU (one thread per core, no
/// spinning: the render pipeline's other stages share the cores).
/// </summary>
public sealed class OnnxLipSyncEngine(byte[] onnxModel, long[] audioWindowShape) : ILipSyncEngine
{
    private readonly OnnxLipSyncRunner _runner = new(onnxModel, audioWindowShape, threads: Environment.ProcessorCount, spinWhileIdle: false);

    public InferenceEngine Kind => InferenceEngine.Onnx;

    public void Run(ReadOnlySpan<float> face, ReadOnlySpan<float> audio, int batch, Span<float> output) =>
        _runner.Run(face.ToArray(), audio.ToArray(), batch).AsSpan().CopyTo(output);

    public void Dispose() => _runner.Dispose();
}
