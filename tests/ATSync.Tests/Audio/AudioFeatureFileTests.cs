using ATSync.Core.Audio;
using ATSync.Core.Numerics;

namespace ATSync.Tests.Audio;

public sealed class AudioFeatureFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("atsync-feat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Hubert_features_round_trip_as_aud_hu_npy()
    {
        var data = Enumerable.Range(0, 3 * 2 * 1024).Select(i => (float)Math.Sin(i)).ToArray();
        var features = new AudioFeatures(AudioFeatureKind.Hubert, data, [3, 2, 1024]);
        var path = Path.Combine(_dir, AudioFeatureFile.FileName(AudioFeatureKind.Hubert));

        AudioFeatureFile.Save(features, path);
        var back = AudioFeatureFile.Load(path, AudioFeatureKind.Hubert);

        Assert.Equal("aud_hu.npy", Path.GetFileName(path));
        Assert.Equal([3, 2, 1024], back.Shape);
        Assert.Equal(data, back.Data);
    }

    [Fact]
    public void Wrong_row_shape_is_rejected_with_both_shapes()
    {
        var path = Path.Combine(_dir, "aud_wenet.npy");
        NpyFile.Write(path, new float[2 * 2 * 1024], [2, 2, 1024]);

        var e = Assert.Throws<InvalidDataException>(() => AudioFeatureFile.Load(path, AudioFeatureKind.Wenet));

        Assert.Contains("(2, 2, 1024)", e.Message);
        Assert.Contains("(N, 16, 512)", e.Message);
    }
}
