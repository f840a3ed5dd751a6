namespace ATSync.Core.Training;

/// <summary>
/// Deterministic randomness addressed by (seed, epoch, step) instead of a running generator, so the "RNG position"
/// of a run is just its epoch and step and a resumed run draws exactly what an uninterrupted one would.
/// </summary>
internal static class SeededStream
{
    public static Random For(int seed, long epoch, long step) => new(Mix(seed, epoch, step));

    private static int Mix(int seed, long epoch, long step)
    {
        // splitmix64 finaliser over the three coordinates; HashCode.Combine is randomised per process, so not usable.
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)epoch * 0xBF58476D1CE4E5B9UL ^ (ulong)step * 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
