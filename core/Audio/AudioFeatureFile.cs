using ATSync.Core.Numerics;

namespace ATSync.Core.Audio;

/// <summary>
/// Audio features as .npy files of a dataset: aud_hu.npy float32 [N, 2, 1024], aud_wenet.npy float32 [N, 16, 512]
/// (as the reference tool writes them) and our aud_mel.npy float32 [N, 4, 80].
/// </summary>
public static class AudioFeatureFile
{
    public static string FileName(AudioFeatureKind kind) => kind switch
    {
        AudioFeatureKind.Hubert => "aud_hu.npy",
        AudioFeatureKind.Wenet => "aud_wenet.npy",
        AudioFeatureKind.Mel => "aud_mel.npy",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown audio feature kind"),
    };

    public static int[] RowShape(AudioFeatureKind kind) => kind switch
    {
        AudioFeatureKind.Hubert => [2, 1024],
        AudioFeatureKind.Wenet => [16, 512],
        AudioFeatureKind.Mel => [4, 80],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown audio feature kind"),
    };

    public static void Save(AudioFeatures features, string path) => NpyFile.Write(path, features.Data, features.Shape);

    /// <summary>Loads features of the given kind; float64 files are converted.</summary>
    /// <exception cref="InvalidDataException">the array's shape is not [N, ...row shape of the kind].</exception>
    public static AudioFeatures Load(string path, AudioFeatureKind kind)
    {
        var array = NpyFile.ReadFloat32(path);
        var expected = RowShape(kind);
        if (array.Shape.Length != expected.Length + 1 || !array.Shape.AsSpan(1).SequenceEqual(expected))
            throw new InvalidDataException(
                $"{path} holds an array of shape ({string.Join(", ", array.Shape)}), {kind} features need (N, {string.Join(", ", expected)})");
        return new AudioFeatures(kind, array.Data, array.Shape);
    }
}
