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

    [Fact]
    public void EpochsBatchSizesAndBudgetsHaveUpperBounds()
    {
        var atLimits = TrainParameters.Read(new Dictionary<string, string>
        {
            ["epochs"] = "10000", ["batchsize"] = "256", ["max_minutes"] = "10080",
        }, out var errors);
        Assert.Empty(errors);
        Assert.Equal((10000, 256, 10080.0), (atLimits.Epochs, atLimits.BatchSize, atLimits.MaxMinutes!.Value));
        foreach (var (name, bad) in new[] { ("epochs", "10001"), ("batchsize", "257"), ("max_minutes", "10081") })
        {
            TrainParameters.Read(new Dictionary<string, string> { [name] = bad }, out errors);
            Assert.Contains($"parameter '{name}'", Assert.Single(errors));
        }
        InferParameters.Read(new Dictionary<string, string> { ["batch_size"] = "256" }, out errors);
        Assert.Empty(errors);
        InferParameters.Read(new Dictionary<string, string> { ["batch_size"] = "100000" }, out errors);
        Assert.Equal("parameter 'batch_size': expected a whole number from 1 to 256, got '100000'", Assert.Single(errors));
    }
}
