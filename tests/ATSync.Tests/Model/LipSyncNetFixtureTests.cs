using ATSync.Core.Audio;
using ATSync.Core.Model;
using ATSync.Tests.Support;
using static TorchSharp.torch;

namespace ATSync.Tests.Model;

/// <summary>The network reproduces the reference implementation's outputs from its own checkpoints.</summary>
public sealed class LipSyncNetFixtureTests
{
    [SkippableTheory]
    [InlineData(AudioFeatureKind.Hubert, "hubert")]
    [InlineData(AudioFeatureKind.Wenet, "wenet")]
    public void ReferenceCheckpointReproducesReferenceOutput(AudioFeatureKind kind, string name)
    {
        var checkpoint = SharedAssets.Fixture($"ultralight_{name}.pth");
        using var model = LipSyncCheckpoint.Load(checkpoint, kind);
        var diff = MaxAbsDiffToReference(model, name);
        Assert.True(diff <= 1e-4, $"max abs diff to the reference output is {diff}");
    }

    [SkippableFact]
    public void AudioKindIsInferredFromCheckpointKeys()
    {
        Assert.Equal(AudioFeatureKind.Hubert, LipSyncCheckpoint.DetectAudioKind(SharedAssets.Fixture("ultralight_hubert.pth")));
        Assert.Equal(AudioFeatureKind.Wenet, LipSyncCheckpoint.DetectAudioKind(SharedAssets.Fixture("ultralight_wenet.pth")));
    }

    [SkippableFact]
    public void SavedCheckpointLoadsBackToTheSameFunction()
    {
        var checkpoint = SharedAssets.Fixture("ultralight_hubert.pth");
        var path = Path.Combine(Path.GetTempPath(), $"atsync-roundtrip-{Guid.NewGuid():N}.pth");
        try
        {
            using (var model = LipSyncCheckpoint.Load(checkpoint, AudioFeatureKind.Hubert))
                LipSyncCheckpoint.Save(model, path);
            Assert.Equal(AudioFeatureKind.Hubert, LipSyncCheckpoint.DetectAudioKind(path));
            using var reloaded = LipSyncCheckpoint.Load(path);
            var diff = MaxAbsDiffToReference(reloaded, "hubert");
            Assert.True(diff <= 1e-4, $"max abs diff after a save/load round trip is {diff}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static double MaxAbsDiffToReference(LipSyncNet model, string name)
    {
        var (faceData, faceShape) = FixtureArrays.ReadFloat32($"ultralight_{name}_in_face.npy");
        var (audioData, audioShape) = FixtureArrays.ReadFloat32($"ultralight_{name}_in_audio.npy");
        var (outData, outShape) = FixtureArrays.ReadFloat32($"ultralight_{name}_out.npy");
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = model.forward(tensor(faceData, faceShape), tensor(audioData, audioShape));
        Assert.Equal(outShape, output.shape);
        return (output - tensor(outData, outShape)).abs().max().item<float>();
    }
}
