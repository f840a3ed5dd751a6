using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Tests.Support;

namespace ATSync.Tests.Evaluation;

/// <summary>
/// A tiny real-face dataset for the eval tests: the first <see cref="Frames"/> frames of the processed GRID clip,
/// saved as a reference-tool style dataset (frames, landmarks, aud_mel.npy, no dataset.json), so training one epoch
/// stays quick on a loaded 2-core machine while our face detector still finds a real face for LMD.
/// </summary>
public sealed class TinyGridDataset : IAsyncLifetime
{
    public const int Frames = 25;

    private readonly TempDirectory temp = new();

    public string Directory => temp.File("tiny");

    public string Work => temp.Path;

    /// <summary>best_digital_model_0.pth of one epoch of `atsync train --holdout_tail 0.2` on the tiny dataset (5 frames held out).</summary>
    public string ModelPath => Path.Combine(temp.File("model"), "best_digital_model_0.pth");

    public async Task InitializeAsync()
    {
        var media = Path.Combine(SharedAssets.Root, "media", "grid_bbaf2n.mpg");
        if (!File.Exists(media)) return; // each test skips through SharedAssets
        var full = temp.File("full");
        await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(media, full);
        CopyFirst(full, Directory, Frames);

        var train = await ExternalTool.AtsyncAsync("train", "--dataset_dir", Directory, "--save_dir", temp.File("model"),
            "--epochs", "1", "--batchsize", "8", "--asr", "mel", "--holdout_tail", "0.2");
        if (train.ExitCode != 0) throw new InvalidOperationException($"atsync train failed: {train.StdErr}");
    }

    /// <summary>The first <paramref name="frames"/> frames of <paramref name="from"/> as a dataset without dataset.json.</summary>
    public static void CopyFirst(string from, string to, int frames)
    {
        var source = new DatasetLayout(from);
        var target = new DatasetLayout(to);
        System.IO.Directory.CreateDirectory(target.FramesDirectory);
        System.IO.Directory.CreateDirectory(target.LandmarksDirectory);
        for (int i = 0; i < frames; i++)
        {
            File.Copy(source.FramePath(i), target.FramePath(i));
            File.Copy(source.LandmarksPath(i), target.LandmarksPath(i));
        }
        var features = AudioFeatureFile.Load(source.FeaturesPath(AudioFeatureKind.Mel), AudioFeatureKind.Mel);
        AudioFeatureFile.Save(features with { Data = features.Data[..(frames * features.RowLength)], Shape = [frames, .. features.RowShape] },
            target.FeaturesPath(AudioFeatureKind.Mel));
    }

    public Task DisposeAsync()
    {
        temp.Dispose();
        return Task.CompletedTask;
    }
}
