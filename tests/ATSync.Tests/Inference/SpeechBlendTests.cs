using ATSync.Core.Inference;

namespace ATSync.Tests.Inference;

public class SpeechBlendTests
{
    [Fact]
    public void SpeechIsFullSilenceIsZeroAndTheRampLiesInTheSilence()
    {
        bool[] speech = [false, false, false, false, false, true, true, false, false, false, false, false];
        var w = SpeechBlend.Weights(speech, fadeFrames: 3);
        Assert.Equal([0f, 0f, 0.25f, 0.5f, 0.75f, 1f, 1f, 0.75f, 0.5f, 0.25f, 0f, 0f], w);
    }

    [Fact]
    public void NoFadeGivesHardCutsAndAllSilenceGivesNothing()
    {
        Assert.Equal([0f, 1f, 0f], SpeechBlend.Weights([false, true, false], 0));
        Assert.All(SpeechBlend.Weights(new bool[10], 3), w => Assert.Equal(0f, w));
    }

    [Theory]
    [InlineData(5, new[] { 0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4, 3 })]
    [InlineData(2, new[] { 0, 1, 0, 1, 0 })]
    [InlineData(1, new[] { 0, 0, 0 })]
    public void PingPongPlaysForwardThenBackward(int sourceFrames, int[] expected)
    {
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(t => SourceClip.PingPong(t, sourceFrames)));
    }

    [Fact]
    public void PearsonOfALinearRelationIsOneAndOfTooFewPairsIsNull()
    {
        Assert.Equal(1.0, MouthOpening.Pearson([1, 2, 3, 4], [3, 5, 7, 9])!.Value, 9);
        Assert.Equal(-1.0, MouthOpening.Pearson([1, 2, 3, 4], [4, 3, 2, 1])!.Value, 9);
        Assert.Null(MouthOpening.Pearson([1, 2], [1, 2]));
        Assert.Null(MouthOpening.Pearson([1, 1, 1], [1, 2, 3]));
    }
}
