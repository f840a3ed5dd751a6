using ATSync.Core.Audio;

namespace ATSync.Core.Datasets;

/// <summary>
/// The on-disk layout of a processed person (the specification's format, shared with the reference tool):
/// aud.wav, aud_{mel|hu|wenet}.npy, full_body_img/{i}.jpg, landmarks/{i}.lms, plus our dataset.json.
/// </summary>
public sealed class DatasetLayout(string directory)
{
    public const string ManifestFileName = "dataset.json";
    public const string AudioFileName = "aud.wav";
    public const string FramesFolderName = "full_body_img";
    public const string LandmarksFolderName = "landmarks";

    public string Directory { get; } = Path.GetFullPath(directory);

    public string ManifestPath => Path.Combine(Directory, ManifestFileName);
    public string AudioPath => Path.Combine(Directory, AudioFileName);
    public string FramesDirectory => Path.Combine(Directory, FramesFolderName);
    public string LandmarksDirectory => Path.Combine(Directory, LandmarksFolderName);

    public string FramePath(int index) => Path.Combine(FramesDirectory, $"{index}.jpg");
    public string LandmarksPath(int index) => Path.Combine(LandmarksDirectory, $"{index}.lms");
    public string FeaturesPath(AudioFeatureKind kind) => Path.Combine(Directory, FeaturesFileName(kind));

    /// <summary>File name of each feature kind; hubert and wenet keep the reference tool's names.</summary>
    public static string FeaturesFileName(AudioFeatureKind kind) => AudioFeatureFile.FileName(kind);

    /// <summary>Every entry a processed dataset owns inside its directory (what a re-run replaces).</summary>
    public static IReadOnlyList<string> OwnedEntries { get; } =
    [
        FramesFolderName, LandmarksFolderName, AudioFileName,
        FeaturesFileName(AudioFeatureKind.Mel), FeaturesFileName(AudioFeatureKind.Hubert),
        FeaturesFileName(AudioFeatureKind.Wenet), ManifestFileName,
    ];
}
