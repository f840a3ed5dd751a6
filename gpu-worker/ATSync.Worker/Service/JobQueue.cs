using System.Collections.Concurrent;
using System.Threading.Channels;

namespace ATSync.Worker.Service;

/// <summary>Ids of jobs waiting for this worker, each at most once. The record in storage stays the truth: a worker
/// that dequeues an id still has to claim the job (<see cref="JobRunner"/>).</summary>
public sealed class JobQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, byte> _waiting = new();

    public int Count => _waiting.Count;

    public void Enqueue(string id)
    {
        if (_waiting.TryAdd(id, 0)) _channel.Writer.TryWrite(id);
    }

    public async Task<string> DequeueAsync(CancellationToken cancellationToken)
    {
        var id = await _channel.Reader.ReadAsync(cancellationToken);
        _waiting.TryRemove(id, out _);
        return id;
    }
}
