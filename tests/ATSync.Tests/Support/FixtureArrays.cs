using ATSync.Core.Numerics;

namespace ATSync.Tests.Support;

/// <summary>The reference checkpoints' .npy inputs and outputs (../shared/fixtures), shaped for TorchSharp tensors.</summary>
public static class FixtureArrays
{
    public static (float[] Data, long[] Shape) ReadFloat32(string fixtureName)
    {
        var array = NpyFile.ReadFloat32(SharedAssets.Fixture(fixtureName));
        return (array.Data, array.Shape.Select(d => (long)d).ToArray());
    }
}
