using Xunit.Abstractions;

namespace ATSync.Tests.WorkerService;

/// <summary>Writes the worker's log to the test output when the test ends (pass or fail), for timings and diagnosis.</summary>
internal sealed class LogOnDispose(ITestOutputHelper output, Func<string> log) : IDisposable
{
    public void Dispose() => output.WriteLine(log());
}
