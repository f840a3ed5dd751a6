using ATSync.Tests.Support;
using ATSync.Core.Audio;
using ATSync.Core.Model;

namespace ATSync.Tests.Model;

/// <summary>Size and cost budgets of every audio mode.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class ModelComplexityTests
{
    [Theory]
    [InlineData(AudioFeatureKind.Hubert)]
    [InlineData(AudioFeatureKind.Wenet)]
    [InlineData(AudioFeatureKind.Mel)]
    public void EveryModeFitsTheBudget(AudioFeatureKind kind)
    {
        using var model = new LipSyncNet(kind);
        var complexity = ModelComplexity.Measure(model);
        Assert.InRange(complexity.Parameters, 1_000_000, 19_800_000);
        Assert.InRange(complexity.MultiplyAdds, 1_000_000_000, 4_080_000_000);
    }

    [Theory]
    [InlineData(AudioFeatureKind.Hubert, 12_159_591)]
    [InlineData(AudioFeatureKind.Wenet, 12_796_359)]
    public void ReferenceModesHaveTheReferenceParameterCount(AudioFeatureKind kind, long expected)
    {
        using var model = new LipSyncNet(kind);
        Assert.Equal(expected, ModelComplexity.Measure(model).Parameters);
    }

    [Fact]
    public void MultiplyAddsMatchTheReferenceScale()
    {
        // The reference reports ~3.2 G multiply-adds for hubert mode at 160x160.
        using var model = new LipSyncNet(AudioFeatureKind.Hubert);
        var macs = ModelComplexity.Measure(model).MultiplyAdds;
        Assert.True(macs is >= 3_000_000_000 and <= 3_400_000_000, $"hubert mode counted {macs:N0} multiply-adds");
    }
}
