using System.Runtime.ExceptionServices;
using ATSync.Core.Audio;
using ATSync.Core.Faces;

namespace ATSync.Core.Datasets;

/// <summary>
/// Reads and validates a processed dataset: ours (with dataset.json) or one made by the reference Python tool
/// (110-point landmarks, aud_hu.npy / aud_wenet.npy, no manifest). Every problem is reported with the file it is in.
/// </summary>
public static class DatasetReader
{
    /// <summary>A reference-tool dataset may have a feature row or two more or fewer than frames (its HuBERT rows are
    /// derived from 50 Hz steps); beyond this it is a mismatch.</summary>
    private const int ReferenceRowTolerance = 2;

    /// <param name="kind">The features to load; null: the manifest's, or the only features file present.</param>
    public static async Task<PersonDataset> ReadAsync(string directory, AudioFeatureKind? kind = null,
        CancellationToken cancellationToken = default)
    {
        var layout = new DatasetLayout(directory);
        if (!Directory.Exists(layout.Directory))
            throw new DirectoryNotFoundException($"dataset folder {layout.Directory} does not exist (make it with `atsync process VIDEO`)");

        DatasetManifest? manifest = File.Exists(layout.ManifestPath)
            ? await DatasetManifest.ReadAsync(layout.ManifestPath, cancellationToken)
            : null;
        if (!Directory.Exists(layout.FramesDirectory))
            throw new InvalidDataException($"{layout.Directory}: no {DatasetLayout.FramesFolderName}/ folder; is this a processed dataset?");

        var frameCount = manifest?.FrameCount ?? CountFrames(layout);
        if (frameCount == 0) throw new InvalidDataException($"{layout.FramesDirectory}: no frames (0.jpg, 1.jpg, ...)");
        for (var i = 0; i < frameCount; i++)
        {
            if (!File.Exists(layout.FramePath(i))) throw new InvalidDataException($"{layout.FramePath(i)} is missing");
        }

        var landmarks = ReadLandmarks(layout, frameCount, out var scheme);
        var features = ReadFeatures(layout, manifest, kind ?? manifest?.Features.Kind ?? DetectKind(layout), frameCount);
        if (manifest is null && features.FrameCount != frameCount)
        {
            frameCount = Math.Min(frameCount, features.FrameCount);
            landmarks = landmarks.Take(frameCount).ToArray();
            features = features with { Data = features.Data[..(frameCount * features.RowLength)], Shape = [frameCount, .. features.RowShape] };
        }
        return new PersonDataset(layout, frameCount, scheme, landmarks, features, manifest);
    }

    /// <summary>Frames are 0.jpg .. (N-1).jpg: N is one past the highest index, so a gap is reported as missing.</summary>
    private static int CountFrames(DatasetLayout layout) =>
        Directory.EnumerateFiles(layout.FramesDirectory, "*.jpg")
            .Select(f => int.TryParse(Path.GetFileNameWithoutExtension(f), out var i) ? i : -1)
            .DefaultIfEmpty(-1).Max() + 1;

    private static OpenCvSharp.Point2f[][] ReadLandmarks(DatasetLayout layout, int frameCount, out LandmarkScheme scheme)
    {
        if (!Directory.Exists(layout.LandmarksDirectory))
            throw new InvalidDataException($"{layout.Directory}: no {DatasetLayout.LandmarksFolderName}/ folder");
        for (var i = 0; i < frameCount; i++)
        {
            if (!File.Exists(layout.LandmarksPath(i))) throw new InvalidDataException($"{layout.LandmarksPath(i)} is missing");
        }
        var all = new OpenCvSharp.Point2f[frameCount][];
        try
        {
            Parallel.For(0, frameCount, i => all[i] = LandmarkFile.Read(layout.LandmarksPath(i)));
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        var points = all[0].Length;
        if (points is not ((int)LandmarkScheme.Ibug68 or (int)LandmarkScheme.Reference110))
            throw new InvalidDataException($"{layout.LandmarksPath(0)}: {points} landmarks; expected 68 (iBUG) or 110 (reference tool)");
        for (var i = 1; i < frameCount; i++)
        {
            if (all[i].Length != points)
                throw new InvalidDataException($"{layout.LandmarksPath(i)}: {all[i].Length} landmarks, but 0.lms has {points}");
        }
        scheme = (LandmarkScheme)points;
        return all;
    }

    private static AudioFeatureKind DetectKind(DatasetLayout layout)
    {
        var present = Enum.GetValues<AudioFeatureKind>().Where(k => File.Exists(layout.FeaturesPath(k))).ToList();
        return present.Count switch
        {
            1 => present[0],
            0 => throw new InvalidDataException($"{layout.Directory}: no audio features (aud_mel.npy, aud_hu.npy or aud_wenet.npy)"),
            _ => throw new InvalidDataException(
                $"{layout.Directory}: several feature files ({string.Join(", ", present.Select(DatasetLayout.FeaturesFileName))}); choose one with --asr"),
        };
    }

    private static AudioFeatures ReadFeatures(DatasetLayout layout, DatasetManifest? manifest, AudioFeatureKind kind, int frameCount)
    {
        var path = layout.FeaturesPath(kind);
        if (!File.Exists(path))
        {
            var made = manifest is null ? "" : $" (it was processed with --asr {manifest.Features.Kind.ToString().ToLowerInvariant()})";
            throw new InvalidDataException(
                $"{layout.Directory}: no {DatasetLayout.FeaturesFileName(kind)} for --asr {kind.ToString().ToLowerInvariant()}{made}; " +
                $"run `atsync process VIDEO --asr {kind.ToString().ToLowerInvariant()}` or choose the dataset's --asr");
        }
        var features = AudioFeatureFile.Load(path, kind);
        var rows = features.FrameCount;
        var tolerance = manifest is null ? ReferenceRowTolerance : 0;
        if (Math.Abs(rows - frameCount) > tolerance)
            throw new InvalidDataException($"{path}: {rows} feature rows for {frameCount} frames; the dataset is inconsistent (re-run `atsync process`)");
        return features;
    }
}
