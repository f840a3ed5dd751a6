namespace ATSync.Core.Inference;

/// <summary>
/// One loaded lip-sync network, ready to run batches: face [B, 6, 160, 160] + audio [B, window...] (row-major floats)
/// -> [B, 3, 160, 160] BGR in [0, 1]. Not thread-safe.
/// </summary>
public interface ILipSyncEngine : IDisposable
{
    InferenceEngine Kind { get; }

    /// <summary>Runs <paramref name="batch"/> samples and writes the outputs into <paramref name="output"/>.</summary>
    void Run(ReadOnlySpan<float> face, ReadOnlySpan<float> audio, int batch, Span<float> output);
}
