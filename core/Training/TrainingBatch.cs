using static TorchSharp.torch;

namespace ATSync.Core.Training;

/// <summary>
/// One batch: <see cref="Face"/> [B, 6, 160, 160] = reference crop + masked current crop (BGR, /255),
/// <see cref="Audio"/> [B, ...window], <see cref="Target"/> [B, 3, 160, 160] = the unmasked current crop.
/// </summary>
public sealed class TrainingBatch(Tensor face, Tensor audio, Tensor target) : IDisposable
{
    public Tensor Face { get; } = face;
    public Tensor Audio { get; } = audio;
    public Tensor Target { get; } = target;
    public long Size => Target.shape[0];

    public void Dispose()
    {
        Face.Dispose();
        Audio.Dispose();
        Target.Dispose();
    }
}
