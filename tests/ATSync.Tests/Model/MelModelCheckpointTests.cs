using ATSync.Tests.Support;
using ATSync.Core.Audio;
using ATSync.Core.Model;
using static TorchSharp.torch;

namespace ATSync.Tests.Model;

/// <summary>Our mel mode saves and reloads like the reference modes, and its checkpoints are recognised as mel.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class MelModelCheckpointTests
{
    [Fact]
    public void MelCheckpointRoundTripsAndIsDetected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"atsync-mel-{Guid.NewGuid():N}.pth");
        try
        {
            manual_seed(5);
            using var model = new LipSyncNet(AudioFeatureKind.Mel);
            model.eval();
            LipSyncCheckpoint.Save(model, path);
            Assert.Equal(AudioFeatureKind.Mel, LipSyncCheckpoint.DetectAudioKind(path));

            using var reloaded = LipSyncCheckpoint.Load(path);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var face = rand(2, 6, 160, 160);
            var audio = randn(2, 32, 80);
            var expected = model.call(face, audio);
            var actual = reloaded.call(face, audio);
            Assert.Equal([2, 3, 160, 160], actual.shape);
            Assert.Equal(0f, (expected - actual).abs().max().item<float>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AWrongFileNamesTheFileInTheError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"atsync-not-a-model-{Guid.NewGuid():N}.pth");
        File.WriteAllText(path, "not a checkpoint");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => LipSyncCheckpoint.Load(path));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
