using ATSync.Core.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace ATSync.Core.Training;

/// <summary>
/// Mixed-precision training without autocast (TorchSharp has none): a bfloat16 copy of the float32 master network
/// runs forward and backward; its gradients are handed to the master parameters in float32, where Adam updates them.
/// The master stays the model of record (checkpoints, validation, resume), so bf16 rounding never accumulates in the
/// weights: each step starts from the master weights rounded afresh.
/// </summary>
internal sealed class Bf16WorkingCopy : IDisposable
{
    private readonly LipSyncNet master;
    private readonly LipSyncNet working;
    private readonly (Tensor Master, Tensor Working)[] parameters;
    private readonly (Tensor Master, Tensor Working)[] buffers;

    public Bf16WorkingCopy(LipSyncNet master)
    {
        this.master = master;
        // Building a network draws initial weights; keep the global generator where it was, so a bf16 run sees the
        // same random stream as a float32 one.
        var generatorState = random.get_rng_state();
        working = new LipSyncNet(master.Audio);
        random.set_rng_state(generatorState);
        working.to(ScalarType.BFloat16);
        parameters = Pair(master.named_parameters().Select(p => (p.name, (Tensor)p.parameter)),
            working.named_parameters().Select(p => (p.name, (Tensor)p.parameter)));
        buffers = Pair(master.named_buffers(), working.named_buffers());
    }

    /// <summary>Rounds the master's weights and BatchNorm statistics into the working copy and clears its gradients.</summary>
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

    /// <summary>The working copy's prediction for float32 inputs, returned as float32 (the loss is computed in float32).</summary>
    public Tensor Forward(Tensor face, Tensor audio)
    {
        using var scope = NewDisposeScope();
        var prediction = working.call(face.to(ScalarType.BFloat16), audio.to(ScalarType.BFloat16));
        return prediction.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>After backward: the working gradients (as float32) become the master's, and the BatchNorm running
    /// statistics the forward pass updated are written back.</summary>
    public void ToMaster()
    {
        using var noGrad = no_grad();
        foreach (var (m, w) in parameters)
        {
            if (w.grad is not { } gradient) continue;
            if (m.grad is { } existing) existing.copy_(gradient);
            else m.grad = gradient.to(ScalarType.Float32);
        }
        foreach (var (m, w) in buffers) m.copy_(w);
    }

    public void Dispose() => working.Dispose();

    private static (Tensor, Tensor)[] Pair(IEnumerable<(string name, Tensor tensor)> master, IEnumerable<(string name, Tensor tensor)> working)
    {
        var byName = working.ToDictionary(p => p.name, p => p.tensor);
        return master.Select(p => (p.tensor, byName.TryGetValue(p.name, out var w)
            ? w
            : throw new InvalidOperationException($"the bf16 working copy has no '{p.name}'"))).ToArray();
    }
}
