using Microsoft.ML.OnnxRuntime;

namespace ATSync.Core.Export;

/// <summary>
/// Runs an exported lip-sync ONNX model on the CPU with ONNX Runtime: face [B,6,160,160] + audio [B, window...] ->
/// [B,3,160,160]. Used to verify an export against TorchSharp and to time it.
/// </summary>
public sealed class OnnxLipSyncRunner : IDisposable
{
    private readonly InferenceSession session;
    private readonly long[] audioWindowShape;

    /// <param name="model">The ONNX file's bytes.</param>
    /// <param name="audioWindowShape">One audio window's shape without the batch dimension.</param>
    /// <param name="threads">ONNX Runtime intra-op threads (0 = its default).</param>
    /// <param name="spinWhileIdle">
    /// Whether idle intra-op threads spin between parallel sections (ONNX Runtime's default, lowest latency when the
    /// session has the cores to itself). Off when other threads of the process need the cores meanwhile, as in the
    /// render pipeline: a spinning thread burns the CPU time the decoder and compositor would use.
    /// </param>
    public OnnxLipSyncRunner(byte[] model, long[] audioWindowShape, int threads = 0, bool spinWhileIdle = true)
    {
        this.audioWindowShape = audioWindowShape;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            // The memory pattern is planned on the first run and allocated on the second, which page-faults through
            // a second full set of activations: measured here, that second run took 5x a steady one (float) and
            // later runs were no faster with it.
            EnableMemoryPattern = false,
        };
        if (!spinWhileIdle) options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        session = new InferenceSession(model, options);
    }

    /// <summary>Runs <paramref name="batch"/> samples; returns the [batch,3,160,160] output row-major.</summary>
    public float[] Run(float[] face, float[] audio, int batch)
    {
        long[] faceShape = [batch, 6, 160, 160];
        long[] audioShape = [batch, .. audioWindowShape];
        Require(face, faceShape, LipSyncOnnxExporter.FaceInput);
        Require(audio, audioShape, LipSyncOnnxExporter.AudioInput);
        using var faceValue = OrtValue.CreateTensorValueFromMemory(face, faceShape);
        using var audioValue = OrtValue.CreateTensorValueFromMemory(audio, audioShape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions,
            [LipSyncOnnxExporter.FaceInput, LipSyncOnnxExporter.AudioInput], [faceValue, audioValue],
            [LipSyncOnnxExporter.Output]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => session.Dispose();

    private static void Require(float[] data, long[] shape, string name)
    {
        var expected = shape.Aggregate(1L, (a, b) => a * b);
        if (data.Length != expected)
            throw new ArgumentException($"'{name}' has {data.Length} floats, expected {expected} for shape [{string.Join(", ", shape)}]");
    }
}
