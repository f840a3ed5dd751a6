using System.Collections.Concurrent;

namespace ATSync.Worker.Service;

/// <summary>The jobs this worker is running now, with the token source that stops each (DELETE, lost claim).</summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _jobs = new();

    public int Count => _jobs.Count;

    public bool Contains(string id) => _jobs.ContainsKey(id);

    public void Add(string id, CancellationTokenSource cancel) => _jobs[id] = cancel;

    public void Remove(string id) => _jobs.TryRemove(id, out _);

    /// <summary>Stops the job if it runs here; false when it does not.</summary>
    public bool Cancel(string id)
    {
        if (!_jobs.TryGetValue(id, out var cancel)) return false;
        try
        {
            cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It just finished.
        }
        return true;
    }
}
