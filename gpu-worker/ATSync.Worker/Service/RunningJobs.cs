using System.Collections.Concurrent;

namespace ATSync.Worker.Service;

/// <summary>
/// The jobs this worker is running now, with the token source that stops each (DELETE, lost claim). With
/// <see cref="WorkerOptions.Concurrency"/> above 1 the same id can be dequeued twice (a scan queues it while a runner
/// holds it): registration is add-if-absent, so the second runner stands aside instead of replacing the first's entry,
/// and removal takes out only the caller's own entry, never a newer runner's.
/// </summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _jobs = new();

    public int Count => _jobs.Count;

    public bool Contains(string id) => _jobs.ContainsKey(id);

    /// <summary>Registers a runner for the job; false when another runner already has it here.</summary>
    public bool TryAdd(string id, CancellationTokenSource cancel) => _jobs.TryAdd(id, cancel);

    /// <summary>Removes the entry only if it is still the one this runner added.</summary>
    public bool Remove(string id, CancellationTokenSource cancel) => _jobs.TryRemove(KeyValuePair.Create(id, cancel));

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
