using ATSync.Core.Audio;

namespace ATSync.Tests.Audio;

public class AudioFeatureWindowTests
{
    [Theory]
    [InlineData(AudioFeatureKind.Hubert, new[] { 2, 1024 })]
    [InlineData(AudioFeatureKind.Wenet, new[] { 16, 512 })]
    [InlineData(AudioFeatureKind.Mel, new[] { 4, 80 })]
    public void Input_shape_holds_exactly_eight_rows(AudioFeatureKind kind, int[] rowShape)
    {
        Assert.Equal(8 * rowShape.Aggregate(1, (a, b) => a * b), AudioFeatureWindow.InputShape(kind).Aggregate(1, (a, b) => a * b));
    }

    [Fact]
    public void Window_is_rows_i_minus_4_to_i_plus_3_with_zero_rows_outside()
    {
        // 10 frames of [4, 80]; every value of row r is r + 1 so zero means "outside"
        const int frames = 10, rowLength = 320;
        var data = Enumerable.Range(0, frames).SelectMany(r => Enumerable.Repeat(r + 1f, rowLength)).ToArray();
        var features = new AudioFeatures(AudioFeatureKind.Mel, data, [frames, 4, 80]);
        var window = new float[AudioFeatureWindow.Length(features)];

        foreach (int frame in new[] { 0, 2, 5, 9 })
        {
            Array.Fill(window, float.NaN); // stale values must be overwritten
            AudioFeatureWindow.Fill(features, frame, window);
            for (int r = 0; r < 8; r++)
            {
                int source = frame - 4 + r;
                float expected = source is >= 0 and < frames ? source + 1 : 0;
                Assert.All(window.AsSpan(r * rowLength, rowLength).ToArray(), v => Assert.Equal(expected, v));
            }
        }
    }

    [Fact]
    public void Fill_allocates_nothing()
    {
        var features = new AudioFeatures(AudioFeatureKind.Wenet, new float[20 * 16 * 512], [20, 16, 512]);
        var window = new float[AudioFeatureWindow.Length(features)];
        AudioFeatureWindow.Fill(features, 0, window); // JIT first

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int frame = 0; frame < 20; frame++) AudioFeatureWindow.Fill(features, frame, window);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal([128, 16, 32], AudioFeatureWindow.InputShape(AudioFeatureKind.Wenet));
    }

    [Fact]
    public void Too_small_destination_is_rejected()
    {
        var features = new AudioFeatures(AudioFeatureKind.Hubert, new float[3 * 2048], [3, 2, 1024]);
        Assert.Throws<ArgumentException>(() => AudioFeatureWindow.Fill(features, 0, new float[100]));
    }
}
