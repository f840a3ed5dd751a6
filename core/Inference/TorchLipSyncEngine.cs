using ATSync.Core.Model;
using static TorchSharp.torch;

namespace ATSync.Core.Inference;

/// <summary>Runs a <see cref="LipSyncNet"/> in eval mode without gradients on the CPU (one thread per core).</summary>
public sealed class TorchLipSyncEngine : ILipSyncEngine
{
    private readonly LipSyncNet _model;
    private readonly long[] _audioWindowShape;

    /// <param name="model">Owned: disposed with the engine.</param>
    public TorchLipSyncEngine(LipSyncNet model)
    {
        _model = model;
        _model.eval();
        _audioWindowShape = model.AudioWindowShape;
        set_num_threads(Environment.ProcessorCount);
    }

    public InferenceEngine Kind => InferenceEngine.Torch;

    public void Run(ReadOnlySpan<float> face, ReadOnlySpan<float> audio, int batch, Span<float> output)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long[] faceShape = [batch, LipSyncNet.InputChannels, LipSyncNet.ImageSize, LipSyncNet.ImageSize];
        long[] audioShape = [batch, .. _audioWindowShape];
        var faceTensor = tensor(face.ToArray(), faceShape);
        var audioTensor = tensor(audio.ToArray(), audioShape);
        var result = _model.call(faceTensor, audioTensor).contiguous();
        result.data<float>().CopyTo(output);
    }

    public void Dispose() => _model.Dispose();
}
