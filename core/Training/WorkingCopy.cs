using ATSync.Core.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace ATSync.Core.Training;

/// <summary>
/// A working copy of the float32 master network that runs forward and backward somewhere else: in bfloat16 (mixed
/// precision without autocast, which TorchSharp lacks) and/or on a CUDA device. Each step starts from the master's
/// weights copied in afresh; the gradients come back to the master as float32 on the CPU, where Adam updates them.
/// The master stays the model of record (checkpoints, optimizer, validation, resume), so neither bf16 rounding nor the
/// device ever shows in what is saved, and a GPU run writes exactly the files a CPU run does.
/// </summary>
internal sealed class WorkingCopy : IDisposable
{
    private readonly LipSyncNet master;
    private readonly LipSyncNet working;
    private readonly Device device;
    private readonly ScalarType dtype;
    private readonly (Tensor Master, Tensor Working)[] parameters;
    private readonly (Tensor Master, Tensor Working)[] buffers;

    public WorkingCopy(LipSyncNet master, Device device, ScalarType dtype)
    {
        this.master = master;
        this.device = device;
        this.dtype = dtype;
        // Building a network draws initial weights; keep the global generator where it was, so a run with a working
        // copy sees the same random stream as one without.
        lock (TorchRandom.Gate)
        {
            var generatorState = random.get_rng_state();
            working = new LipSyncNet(master.Audio, master.Profile);
            random.set_rng_state(generatorState);
        }
        working.to(device);
        working.to(dtype);
        parameters = Pair(master.named_parameters().Select(p => (p.name, (Tensor)p.parameter)),
            working.named_parameters().Select(p => (p.name, (Tensor)p.parameter)));
        buffers = Pair(master.named_buffers(), working.named_buffers());
    }

    /// <summary>The working copy for a training precision and device, or null when the master itself should train
    /// (float32 on the CPU).</summary>
    public static WorkingCopy? For(LipSyncNet master, TrainingPrecision precision, Device? device)
    {
        var onCpu = device is null || device.type == DeviceType.CPU;
        if (precision == TrainingPrecision.Fp32 && onCpu) return null;
        return new WorkingCopy(master, device ?? CPU, precision == TrainingPrecision.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32);
    }

    /// <summary>Copies the master's weights and BatchNorm statistics into the working copy and clears its gradients.</summary>
    public void LoadFromMaster()
    {
        using var noGrad = no_grad();
        foreach (var (m, w) in parameters)
        {
            w.copy_(m);
            w.grad?.zero_();
        }
        foreach (var (m, w) in buffers) w.copy_(m);
        working.train(master.training);
    }

    /// <summary>The working copy's prediction for float32 CPU inputs, returned as float32 on the CPU (the loss is
    /// computed there, like the master's); autograd carries the gradient back through both conversions.</summary>
    public Tensor Forward(Tensor face, Tensor audio)
    {
        using var scope = NewDisposeScope();
        var prediction = working.call(face.to(dtype, device), audio.to(dtype, device));
        return prediction.to(ScalarType.Float32, CPU).MoveToOuterDisposeScope();
    }

    /// <summary>After backward: the working gradients (as float32 on the CPU) become the master's, and the BatchNorm
    /// running statistics the forward pass updated are written back.</summary>
    public void ToMaster()
    {
        using var noGrad = no_grad();
        foreach (var (m, w) in parameters)
        {
            if (w.grad is not { } gradient) continue;
            if (m.grad is { } existing) existing.copy_(gradient);
            else m.grad = gradient.to(ScalarType.Float32, CPU);
        }
        foreach (var (m, w) in buffers) m.copy_(w);
    }

    public void Dispose() => working.Dispose();

    private static (Tensor, Tensor)[] Pair(IEnumerable<(string name, Tensor tensor)> master, IEnumerable<(string name, Tensor tensor)> working)
    {
        var byName = working.ToDictionary(p => p.name, p => p.tensor);
        return master.Select(p => (p.tensor, byName.TryGetValue(p.name, out var w)
            ? w
            : throw new InvalidOperationException($"the working copy has no '{p.name}'"))).ToArray();
    }
}
