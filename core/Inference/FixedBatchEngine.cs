using ATSync.Core.Model;

namespace ATSync.Core.Inference;

/// <summary>
/// Runs a CPU engine on slices of exactly <see cref="SliceSize"/> samples, zero-padding the last one. ONNX Runtime and
/// LibTorch plan their memory per input shape: each new batch size costs a first run several times slower than a
/// steady one (arena growth, first-touch page faults), and the render pipeline's batches vary with the silent frames
/// they skip. Large batches are slower per sample too (activations fall out of cache): measured on the 2-core bench
/// machine, ONNX Runtime float ran ~26 ms/sample at batch 8 and 16 but ~55 at batch 32 (docs/performance.md).
/// </summary>
public sealed class FixedBatchEngine : ILipSyncEngine
{
    /// <summary>The slice size used for CPU engines.</summary>
    public const int DefaultSliceSize = 8;

    private const int FaceFloats = LipSyncNet.InputChannels * LipSyncNet.ImageSize * LipSyncNet.ImageSize;
    private const int OutputFloats = 3 * LipSyncNet.ImageSize * LipSyncNet.ImageSize;

    private readonly ILipSyncEngine inner;
    private readonly int audioFloats;
    private readonly float[] face;
    private readonly float[] audio;
    private readonly float[] output;

    /// <param name="inner">Owned: disposed with this engine.</param>
    /// <param name="audioFloats">Floats in one sample's audio window.</param>
    public FixedBatchEngine(ILipSyncEngine inner, int audioFloats, int sliceSize = DefaultSliceSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sliceSize, 1);
        this.inner = inner;
        SliceSize = sliceSize;
        this.audioFloats = audioFloats;
        face = new float[sliceSize * FaceFloats];
        audio = new float[sliceSize * audioFloats];
        output = new float[sliceSize * OutputFloats];
    }

    public int SliceSize { get; }

    public InferenceEngine Kind => inner.Kind;

    public void Run(ReadOnlySpan<float> faces, ReadOnlySpan<float> audios, int batch, Span<float> outputs)
    {
        for (var start = 0; start < batch; start += SliceSize)
        {
            var count = Math.Min(SliceSize, batch - start);
            faces.Slice(start * FaceFloats, count * FaceFloats).CopyTo(face);
            audios.Slice(start * audioFloats, count * audioFloats).CopyTo(audio);
            if (count < SliceSize)
            {
                // Padding rows are computed and thrown away; zeros keep them finite.
                face.AsSpan(count * FaceFloats).Clear();
                audio.AsSpan(count * audioFloats).Clear();
            }
            inner.Run(face, audio, SliceSize, output);
            output.AsSpan(0, count * OutputFloats).CopyTo(outputs.Slice(start * OutputFloats, count * OutputFloats));
        }
    }

    public void Dispose() => inner.Dispose();
}
