using ATSync.Core.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace ATSync.Core.Inference;

/// <summary>
/// Runs a <see cref="LipSyncNet"/> in eval mode without gradients: on the first CUDA device when this build reaches one
/// (the GPU worker image, TorchSharp-cuda), else on the CPU with one thread per core.
/// </summary>
public sealed class TorchLipSyncEngine : ILipSyncEngine
{
    private readonly LipSyncNet _model;
    private readonly long[] _audioWindowShape;
    private readonly Device _device;

    /// <param name="model">Owned: disposed with the engine.</param>
    public TorchLipSyncEngine(LipSyncNet model)
    {
        _model = model;
        _device = cuda.is_available() ? CUDA : CPU;
        _model.to(_device);
        _model.eval();
        _audioWindowShape = model.AudioWindowShape;
        set_num_threads(Environment.ProcessorCount);
    }

    public InferenceEngine Kind => InferenceEngine.Torch;

    /// <summary>Whether the network runs on a CUDA device (where large batches pay; on the CPU they do not).</summary>
    public bool OnGpu => _device.type == DeviceType.CUDA;

    public void Run(ReadOnlySpan<float> face, ReadOnlySpan<float> audio, int batch, Span<float> output)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long[] faceShape = [batch, LipSyncNet.InputChannels, LipSyncNet.ImageSize, LipSyncNet.ImageSize];
        long[] audioShape = [batch, .. _audioWindowShape];
        var faceTensor = tensor(face.ToArray(), faceShape).to(_device);
        var audioTensor = tensor(audio.ToArray(), audioShape).to(_device);
        var result = _model.call(faceTensor, audioTensor).cpu().contiguous();
        result.data<float>().CopyTo(output);
    }

    public void Dispose() => _model.Dispose();
}
