using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Core.Faces;
using ATSync.Core.Media;
using ATSync.Core.Numerics;
using ATSync.Tests.Support;

namespace ATSync.Tests.Datasets;

/// <summary>`atsync process` end to end on real clips: the specification's layout, 25 fps, 16 kHz mono, aligned
/// features, plausible and stable landmarks, and a manifest that tells the truth.</summary>
public class DatasetBuilderTests
{
    [SkippableFact]
    public async Task ObamaClipBecomesACompleteDataset()
    {
        var video = SharedAssets.Media("obama_20s.mp4");
        using var temp = new TempDirectory();
        var manifest = await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(video, temp.Path);

        Assert.Equal(500, manifest.FrameCount);
        var layout = new DatasetLayout(temp.Path);
        Assert.True(File.Exists(layout.FramePath(499)));
        Assert.False(File.Exists(layout.FramePath(500)));
        Assert.Empty(Directory.GetDirectories(temp.Path, ".atsync-partial-*"));

        var audio = WaveFile.Read(layout.AudioPath);
        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(1, audio.Channels);
        Assert.InRange(audio.Samples.Length / 16000.0, 19.9, 20.1);

        var features = NpyFile.ReadFloat32(layout.FeaturesPath(AudioFeatureKind.Mel));
        Assert.Equal([500, 4, 80], features.Shape);

        var dataset = await DatasetReader.ReadAsync(temp.Path);
        Assert.Equal(LandmarkScheme.Ibug68, dataset.Scheme);
        Assert.Equal(500, dataset.Landmarks.Count);
        foreach (var points in dataset.Landmarks)
        {
            Assert.Equal(68, points.Length);
            var noseTip = points[33];
            var upperLip = points[51];
            var lowerLip = points[57];
            var chin = points[8];
            Assert.True(upperLip.Y > noseTip.Y && lowerLip.Y >= upperLip.Y && chin.Y > lowerLip.Y, "mouth between nose and chin");
            Assert.All(points, p => Assert.True(p.X >= 0 && p.X < 450 && p.Y >= 0 && p.Y < 450));
        }
        Assert.True(manifest.Faces.Coverage > 0.95, $"coverage {manifest.Faces.Coverage}");
        Assert.InRange(manifest.Faces.CropJitter, 0, 0.02);
        Assert.Equal(AudioFeatureKind.Mel, manifest.Features.Kind);
        Assert.Equal(450, manifest.FrameWidth);
        Assert.Contains("total", manifest.StageSeconds.Keys);
    }

    [SkippableFact]
    public async Task VariableFrameRateClipIsNormalisedTo25Fps()
    {
        var video = SharedAssets.Media("vfr_6s.mp4");
        using var temp = new TempDirectory();
        var info = await MediaProbe.ProbeAsync(video);
        var manifest = await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(video, temp.Path);
        Assert.InRange(manifest.FrameCount, (int)Math.Round(info.Duration.TotalSeconds * 25) - 1, (int)Math.Round(info.Duration.TotalSeconds * 25) + 1);
        Assert.Equal(manifest.FrameCount, NpyFile.ReadFloat32(new DatasetLayout(temp.Path).FeaturesPath(AudioFeatureKind.Mel)).Shape[0]);
    }

    [SkippableFact]
    public async Task PortraitHevcClipWithHubertStandIn()
    {
        var video = SharedAssets.Media("portrait_hevc_20s.mp4");
        var hubert = SharedAssets.Fixture("hubert_like.onnx");
        using var temp = new TempDirectory();
        var options = new DatasetBuildOptions { Asr = AudioFeatureKind.Hubert, HubertModelPath = hubert };
        var manifest = await new DatasetBuilder(options).BuildAsync(video, temp.Path);

        Assert.Equal(1080, manifest.FrameWidth);
        Assert.Equal(1920, manifest.FrameHeight);
        Assert.InRange(manifest.FrameCount, 500, 505);
        var dataset = await DatasetReader.ReadAsync(temp.Path);
        Assert.Equal(AudioFeatureKind.Hubert, dataset.Features.Kind);
        Assert.Equal([manifest.FrameCount, 2, 1024], dataset.Features.Shape);
        Assert.Equal("hubert_like.onnx", manifest.Features.ModelFile);
    }

    [SkippableFact]
    public async Task RerunReplacesThePreviousDataset()
    {
        var video = SharedAssets.Media("grid_bbaf2n.mpg");
        using var temp = new TempDirectory();
        await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(video, temp.Path);
        var stale = new DatasetLayout(temp.Path).FramePath(5000);
        await File.WriteAllBytesAsync(stale, [1, 2, 3]);
        var unrelated = Path.Combine(temp.Path, "notes.txt");
        await File.WriteAllTextAsync(unrelated, "keep me");

        var manifest = await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(video, temp.Path);
        Assert.Equal(75, manifest.FrameCount);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(unrelated));
    }

    [SkippableFact]
    public async Task CancelledRunLeavesNothingBehind()
    {
        var video = SharedAssets.Media("obama_20s.mp4");
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "dataset");
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Stage == "frames" && p.Done >= 50) cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(video, output, progress, cts.Token));
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any());
    }
}
