using ATSync.Core.Progress;

namespace ATSync.Tests.Support;

/// <summary>An IProgress that runs its handler on the reporting thread (Progress&lt;T&gt; posts to the thread pool).</summary>
public sealed class SynchronousProgress(Action<StageProgress> handler) : IProgress<StageProgress>
{
    public void Report(StageProgress value) => handler(value);
}
