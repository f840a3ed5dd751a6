using ATSync.Worker.Client;

namespace ATSync.Worker.Service;

/// <summary>Runs one kind of job: inputs from blobs, the engine, outputs to blobs. Returns the result URIs by role.</summary>
public interface IJobExecutor
{
    JobKind Kind { get; }

    Task<IReadOnlyDictionary<string, string>> RunAsync(JobContext context, CancellationToken cancellationToken);
}
