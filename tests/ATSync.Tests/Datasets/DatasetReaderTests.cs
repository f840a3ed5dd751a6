using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Core.Faces;
using ATSync.Core.Numerics;
using ATSync.Tests.Support;
using OpenCvSharp;

namespace ATSync.Tests.Datasets;

/// <summary>Reading datasets: the reference tool's layout (110 points, no manifest) and every inconsistency named.</summary>
public class DatasetReaderTests
{
    /// <summary>Writes a dataset as the reference Python tool lays it out: frames, 110-point .lms, aud_hu.npy.</summary>
    private static DatasetLayout MakeReferenceDataset(TempDirectory temp, int frames, int featureRows, int points = 110)
    {
        var layout = new DatasetLayout(temp.Path);
        Directory.CreateDirectory(layout.FramesDirectory);
        Directory.CreateDirectory(layout.LandmarksDirectory);
        using var image = new Mat(64, 64, MatType.CV_8UC3, Scalar.All(90));
        for (var i = 0; i < frames; i++)
        {
            image.ImWrite(layout.FramePath(i));
            File.WriteAllLines(layout.LandmarksPath(i), Enumerable.Range(0, points).Select(p => $"{p % 60} {i % 60}"));
        }
        var data = new float[featureRows * 2 * 1024];
        for (var j = 0; j < data.Length; j++) data[j] = j % 97 / 97f;
        NpyFile.Write(layout.FeaturesPath(AudioFeatureKind.Hubert), data, [featureRows, 2, 1024]);
        return layout;
    }

    [Fact]
    public async Task ReadsTheReferenceToolsLayout()
    {
        using var temp = new TempDirectory();
        MakeReferenceDataset(temp, frames: 12, featureRows: 13);
        var dataset = await DatasetReader.ReadAsync(temp.Path);
        Assert.Null(dataset.Manifest);
        Assert.Equal(LandmarkScheme.Reference110, dataset.Scheme);
        Assert.Equal(12, dataset.FrameCount);
        Assert.Equal([12, 2, 1024], dataset.Features.Shape);
        Assert.Equal(new Point2f(5, 3), dataset.Landmarks[3][5]);
        Assert.Equal(AudioFeatureKind.Hubert, dataset.Features.Kind);
    }

    [Fact]
    public async Task MissingFrameIsNamed()
    {
        using var temp = new TempDirectory();
        var layout = MakeReferenceDataset(temp, frames: 10, featureRows: 10);
        File.Delete(layout.FramePath(9));
        File.Delete(layout.LandmarksPath(9));
        File.Delete(layout.FramePath(4));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetReader.ReadAsync(temp.Path));
        Assert.Contains("4.jpg is missing", error.Message);
    }

    [Fact]
    public async Task MissingLandmarksAreNamed()
    {
        using var temp = new TempDirectory();
        var layout = MakeReferenceDataset(temp, frames: 10, featureRows: 10);
        File.Delete(layout.LandmarksPath(7));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetReader.ReadAsync(temp.Path));
        Assert.Contains("7.lms is missing", error.Message);
    }

    [Fact]
    public async Task MissingFeaturesAreNamed()
    {
        using var temp = new TempDirectory();
        var layout = MakeReferenceDataset(temp, frames: 10, featureRows: 10);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetReader.ReadAsync(temp.Path, AudioFeatureKind.Wenet));
        Assert.Contains("aud_wenet.npy", error.Message);
        File.Delete(layout.FeaturesPath(AudioFeatureKind.Hubert));
        error = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetReader.ReadAsync(temp.Path));
        Assert.Contains("no audio features", error.Message);
    }

    [Fact]
    public async Task FrameAndFeatureCountMismatchIsAnError()
    {
        using var temp = new TempDirectory();
        MakeReferenceDataset(temp, frames: 20, featureRows: 10);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetReader.ReadAsync(temp.Path));
        Assert.Contains("10 feature rows for 20 frames", error.Message);
    }

    [Fact]
    public async Task UnknownLandmarkCountIsAnError()
    {
        using var temp = new TempDirectory();
        MakeReferenceDataset(temp, frames: 4, featureRows: 4, points: 5);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetReader.ReadAsync(temp.Path));
        Assert.Contains("expected 68", error.Message);
    }

    [Fact]
    public async Task MissingFolderSaysHowToMakeIt()
    {
        using var temp = new TempDirectory();
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => DatasetReader.ReadAsync(temp.File("nope")));
        Assert.Contains("atsync process", error.Message);
    }
}
