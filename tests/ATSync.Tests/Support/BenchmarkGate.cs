namespace ATSync.Tests.Support;

/// <summary>
/// Benchmarks print figures for bench/ and assert nothing about time, so the suite skips them unless ATSYNC_BENCH=1
/// (one switch for all of them: <c>ATSYNC_BENCH=1 dotnet test tests/ATSync.Tests -c Release --no-build --filter ...</c>).
/// </summary>
public static class BenchmarkGate
{
    public const string Variable = "ATSYNC_BENCH";

    public static void SkipUnlessEnabled() =>
        Skip.IfNot(Environment.GetEnvironmentVariable(Variable) == "1", $"benchmark: set {Variable}=1 to run");
}
