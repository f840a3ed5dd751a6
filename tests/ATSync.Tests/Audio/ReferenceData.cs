using ATSync.Core.Numerics;
using ATSync.Tests.Support;

namespace ATSync.Tests.Audio;

/// <summary>Reference numbers committed under Audio/Data (made by the python scripts beside them).</summary>
internal static class ReferenceData
{
    public static string Path(string name) =>
        System.IO.Path.Combine(SharedAssets.RepoRoot, "tests", "ATSync.Tests", "Audio", "Data", name);

    public static NpyArray<float> Load(string name) => NpyFile.ReadFloat32(Path(name));
}
