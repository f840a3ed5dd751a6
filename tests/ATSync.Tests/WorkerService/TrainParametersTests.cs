using ATSync.Worker.Service;

namespace ATSync.Tests.WorkerService;

/// <summary>A train job's optional `max_minutes`: absent is no budget, a positive number (fractions allowed) is one,
/// anything else is a 400 naming the parameter.</summary>
public class TrainParametersTests
{
    [Fact]
    public void MaxMinutesIsOptionalAndMustBePositive()
    {
        var none = TrainParameters.Read(new Dictionary<string, string> { ["epochs"] = "3" }, out var errors);
        Assert.Empty(errors);
        Assert.Null(none.MaxMinutes);
        Assert.Null(none.MaxDuration);

        var half = TrainParameters.Read(new Dictionary<string, string> { ["max_minutes"] = "0.5" }, out errors);
        Assert.Empty(errors);
        Assert.Equal(0.5, half.MaxMinutes);
        Assert.Equal(TimeSpan.FromSeconds(30), half.MaxDuration);

        foreach (var bad in new[] { "0", "-5", "soon", "NaN" })
        {
            TrainParameters.Read(new Dictionary<string, string> { ["max_minutes"] = bad }, out errors);
            var error = Assert.Single(errors);
            Assert.Contains("parameter 'max_minutes'", error);
        }
    }
}
