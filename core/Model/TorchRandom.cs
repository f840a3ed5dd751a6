using static TorchSharp.torch;

namespace ATSync.Core.Model;

/// <summary>
/// LibTorch has one process-wide random generator, which building a network draws its initial weights from. A seeded
/// run must get the weights its seed gives even when another thread of the same process (a worker running two jobs, a
/// test host running tests in parallel) builds a network at the same moment: seeding and the building that follows it
/// happen under <see cref="Gate"/>, and so does every <see cref="LipSyncNet"/> construction.
/// </summary>
public static class TorchRandom
{
    /// <summary>Held while the global generator is seeded, saved or restored, or drawn from to build a network (re-entrant).</summary>
    public static Lock Gate { get; } = new();

    /// <summary>Seeds the global generator and builds with it before any other thread can draw from it.</summary>
    public static T Seeded<T>(long seed, Func<T> build)
    {
        lock (Gate)
        {
            manual_seed(seed);
            return build();
        }
    }
}
