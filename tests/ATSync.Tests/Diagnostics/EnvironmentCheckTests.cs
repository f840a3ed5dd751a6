using ATSync.Core.Diagnostics;

namespace ATSync.Tests.Diagnostics;

public class EnvironmentCheckTests
{
    [Fact]
    public void EveryNativeDependencyLoads()
    {
        var statuses = EnvironmentCheck.Run();
        var missing = statuses.Where(s => !s.Ok).Select(s => $"{s.Name}: {s.Detail}").ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
        Assert.Contains(statuses, s => s.Name.StartsWith("TorchSharp") && s.Detail.Contains("= 8"));
    }
}
