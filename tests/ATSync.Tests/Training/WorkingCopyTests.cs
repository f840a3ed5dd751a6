using ATSync.Tests.Support;
using ATSync.Core.Model;
using ATSync.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ATSync.Tests.Training;

/// <summary>
/// The working copy that carries the training step to another device or precision (CUDA in the GPU worker image,
/// bf16 on CPUs with native support): in float32 it must hand back exactly the gradients and BatchNorm statistics the
/// master would have computed itself, so a GPU run trains the same model a CPU run does. This machine has no GPU, so
/// the copy runs on the CPU here: every step of the mechanism (copy in, forward, backward through the device
/// conversions, gradients and statistics out) is exercised; only the device differs.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class WorkingCopyTests
{
    [Fact]
    public void A_float32_working_copy_gives_the_masters_own_gradients_and_batchnorm_statistics()
    {
        manual_seed(3);
        using var master = new LipSyncNet(Core.Audio.AudioFeatureKind.Mel);
        master.train();
        using var face = rand(2, LipSyncNet.InputChannels, LipSyncNet.ImageSize, LipSyncNet.ImageSize);
        using var audio = randn([2, .. master.AudioWindowShape]);
        using var target = rand(2, 3, LipSyncNet.ImageSize, LipSyncNet.ImageSize);
        var loss = new LipSyncLoss(0.2, MouthMask.Reference);
        var statisticsBefore = master.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone());

        // The master's own step.
        var direct = loss.Compute(master.call(face, audio), target);
        direct.backward();
        var expectedGradients = master.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        var expectedStatistics = master.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone());

        // Back to the starting statistics, no gradients: the same step through the working copy.
        using (no_grad())
            foreach (var (name, buffer) in master.named_buffers()) buffer.copy_(statisticsBefore[name]);
        foreach (var p in master.parameters()) p.grad?.zero_();
        using var copy = new WorkingCopy(master, CPU, ScalarType.Float32);
        copy.LoadFromMaster();
        var viaCopy = loss.Compute(copy.Forward(face, audio), target);
        viaCopy.backward();
        copy.ToMaster();

        Assert.Equal(direct.item<float>(), viaCopy.item<float>(), 6);
        foreach (var (name, parameter) in master.named_parameters())
        {
            var difference = (parameter.grad! - expectedGradients[name]).abs().max().item<float>();
            var scale = expectedGradients[name].abs().max().item<float>() + 1e-12f;
            Assert.True(difference <= 1e-5f * scale + 1e-9f, $"gradient of {name} differs by {difference} (scale {scale})");
        }
        foreach (var (name, buffer) in master.named_buffers())
            Assert.True((buffer.to_type(ScalarType.Float64) - expectedStatistics[name].to_type(ScalarType.Float64)).abs().max().item<double>() <= 1e-6,
                $"BatchNorm statistic {name} differs");
    }

    [Fact]
    public void No_working_copy_for_float32_on_the_cpu_one_for_bf16()
    {
        using var master = new LipSyncNet(Core.Audio.AudioFeatureKind.Mel);
        Assert.Null(WorkingCopy.For(master, TrainingPrecision.Fp32, null));
        Assert.Null(WorkingCopy.For(master, TrainingPrecision.Fp32, CPU));
        using var bf16 = WorkingCopy.For(master, TrainingPrecision.Bf16, null);
        Assert.NotNull(bf16);
    }

    [Fact]
    public void Devices_resolve_to_what_this_build_can_reach()
    {
        Assert.Equal(DeviceType.CPU, TrainingDevice.Resolve("cpu").type);
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, TrainingDevice.Resolve("auto").type);
        Assert.Equal("cpu", TrainingDevice.Describe(CPU));
        Assert.Throws<ArgumentException>(() => TrainingDevice.Resolve("tpu"));
        if (!cuda.is_available())
        {
            var e = Assert.Throws<NotSupportedException>(() => TrainingDevice.Resolve("cuda"));
            Assert.Contains("no CUDA device", e.Message);
        }
    }
}
