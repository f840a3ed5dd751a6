using ATSync.Core.Audio;
using ATSync.Core.Export;
using ATSync.Core.Model;
using ATSync.Tests.Model;
using ATSync.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ATSync.Tests.Export;

/// <summary>The exported ONNX graph, run in ONNX Runtime, computes what the TorchSharp model computes in eval mode.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class LipSyncOnnxExporterTests
{
    private const double Tolerance = 1e-4;

    [SkippableTheory]
    [InlineData(AudioFeatureKind.Hubert, "hubert")]
    [InlineData(AudioFeatureKind.Wenet, "wenet")]
    public void ReferenceCheckpointExportMatchesTorchSharpAtBatchOneAndThree(AudioFeatureKind kind, string name)
    {
        using var model = LipSyncCheckpoint.Load(SharedAssets.Fixture($"ultralight_{name}.pth"), kind);
        var (face, faceShape) = FixtureArrays.ReadFloat32($"ultralight_{name}_in_face.npy");
        var (audio, audioShape) = FixtureArrays.ReadFloat32($"ultralight_{name}_in_audio.npy");
        var (expected, _) = FixtureArrays.ReadFloat32($"ultralight_{name}_out.npy");
        Assert.Equal(2, faceShape[0]);
        Assert.Equal(model.AudioWindowShape, audioShape[1..]);

        using var runner = new OnnxLipSyncRunner(LipSyncOnnxExporter.ExportToBytes(model), model.AudioWindowShape);

        // Batch 1: fixture sample 0, also checked against the reference implementation's own output.
        var one = runner.Run(Samples(face, 2, [0]), Samples(audio, 2, [0]), 1);
        AssertClose(Samples(expected, 2, [0]), one, "ONNX vs reference output, batch 1");
        AssertClose(TorchOutput(model, Samples(face, 2, [0]), Samples(audio, 2, [0]), audioShape, 1), one, "ONNX vs TorchSharp, batch 1");

        // Batch 3: samples 1, 0, 1 (a dynamic batch different from the fixture's).
        int[] order = [1, 0, 1];
        var faces = Samples(face, 2, order);
        var audios = Samples(audio, 2, order);
        var three = runner.Run(faces, audios, 3);
        AssertClose(TorchOutput(model, faces, audios, audioShape, 3), three, "ONNX vs TorchSharp, batch 3");
    }

    [Theory]
    [InlineData(ModelProfile.Reference)]
    [InlineData(ModelProfile.Cpu)]
    public void FreshMelModelExportMatchesTorchSharpAtBatchOneAndThree(ModelProfile profile)
    {
        manual_seed(7);
        using var model = new LipSyncNet(AudioFeatureKind.Mel, profile);
        RandomiseBatchNormStatistics(model); // fresh BN (mean 0, var 1) would leave the folding untested
        model.eval();
        using var runner = new OnnxLipSyncRunner(LipSyncOnnxExporter.ExportToBytes(model), model.AudioWindowShape);
        long[] audioShape = [1, .. model.AudioWindowShape];
        foreach (var batch in new[] { 1, 3 })
        {
            using var face = rand(batch, 6, 160, 160);
            using var audio = randn([batch, .. model.AudioWindowShape]);
            var faceData = face.data<float>().ToArray();
            var audioData = audio.data<float>().ToArray();
            var onnx = runner.Run(faceData, audioData, batch);
            AssertClose(TorchOutput(model, faceData, audioData, audioShape, batch), onnx, $"mel ONNX vs TorchSharp, batch {batch}");
        }
    }

    [Fact]
    public void ExportedFileHasTheDeclaredInputsAndOutputWithDynamicBatch()
    {
        using var model = new LipSyncNet(AudioFeatureKind.Hubert);
        model.eval();
        var path = Path.Combine(Path.GetTempPath(), $"atsync-export-{Guid.NewGuid():N}.onnx");
        try
        {
            LipSyncOnnxExporter.Export(model, path);
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
            Assert.Equal(new[] { "face", "audio" }, session.InputMetadata.Keys);
            Assert.Equal(new[] { -1, 6, 160, 160 }, session.InputMetadata["face"].Dimensions);
            Assert.Equal(new[] { -1, 16, 32, 32 }, session.InputMetadata["audio"].Dimensions);
            Assert.Equal(new[] { -1, 3, 160, 160 }, session.OutputMetadata["output"].Dimensions);
            Assert.False(File.Exists(path + ".partial"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnknownModuleIsRefusedWithItsNameAndType()
    {
        using var model = new LipSyncNet(AudioFeatureKind.Hubert);
        var fuse = (Sequential)model.named_children().Single(c => c.name == "fuse_conv").module;
        fuse.append(nn.GELU());
        var error = Assert.Throws<NotSupportedException>(() => LipSyncOnnxExporter.ExportToBytes(model));
        Assert.Contains("fuse_conv.2", error.Message);
        Assert.Contains("GELU", error.Message);

        // Exporting to a file leaves neither the file nor its temporary behind.
        var path = Path.Combine(Path.GetTempPath(), $"atsync-refused-{Guid.NewGuid():N}.onnx");
        Assert.Throws<NotSupportedException>(() => LipSyncOnnxExporter.Export(model, path));
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    private static float[] TorchOutput(LipSyncNet model, float[] face, float[] audio, long[] audioShape, int batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var output = model.call(tensor(face, [batch, 6, 160, 160]), tensor(audio, [batch, .. audioShape[1..]]));
        return output.contiguous().data<float>().ToArray();
    }

    /// <summary>Picks samples (by index, repeats allowed) out of a row-major batch of <paramref name="count"/>.</summary>
    private static float[] Samples(float[] data, int count, int[] indices)
    {
        var size = data.Length / count;
        var result = new float[indices.Length * size];
        for (var i = 0; i < indices.Length; i++) Array.Copy(data, indices[i] * size, result, i * size, size);
        return result;
    }

    private static void RandomiseBatchNormStatistics(LipSyncNet model)
    {
        using var noGrad = no_grad();
        foreach (var norm in model.modules().OfType<BatchNorm2d>())
        {
            var channels = norm.running_mean!.shape[0];
            norm.running_mean!.copy_(randn(channels) * 0.1);
            norm.running_var!.copy_(rand(channels) + 0.5);
            norm.weight!.copy_(rand(channels) + 0.5);
            norm.bias!.copy_(randn(channels) * 0.1);
        }
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0.0;
        for (var i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        Assert.True(max <= Tolerance, $"{what}: max abs diff {max} > {Tolerance}");
    }
}
