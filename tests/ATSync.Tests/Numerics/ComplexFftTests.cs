using ATSync.Core.Numerics;

namespace ATSync.Tests.Numerics;

public class ComplexFftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(97)]
    [InlineData(400)]
    [InlineData(512)]
    [InlineData(800)]
    [InlineData(1000)]
    public void Forward_matches_a_naive_dft(int n)
    {
        var random = new Random(n);
        var re = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var im = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var outRe = new double[n];
        var outIm = new double[n];

        new ComplexFft(n).Forward(re, im, outRe, outIm);

        for (int k = 0; k < n; k++)
        {
            double sumRe = 0, sumIm = 0;
            for (int t = 0; t < n; t++)
            {
                double angle = -2 * Math.PI * ((long)k * t % n) / n;
                sumRe += re[t] * Math.Cos(angle) - im[t] * Math.Sin(angle);
                sumIm += re[t] * Math.Sin(angle) + im[t] * Math.Cos(angle);
            }
            Assert.True(Math.Abs(sumRe - outRe[k]) < 1e-9 * n, $"n={n} bin {k} re {outRe[k]} vs {sumRe}");
            Assert.True(Math.Abs(sumIm - outIm[k]) < 1e-9 * n, $"n={n} bin {k} im {outIm[k]} vs {sumIm}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(15)]
    [InlineData(400)]
    [InlineData(512)]
    [InlineData(800)]
    public void RealFft_matches_a_naive_dft(int n)
    {
        var random = new Random(n + 1);
        var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var re = new double[n / 2 + 1];
        var im = new double[n / 2 + 1];

        new RealFft(n).Forward(x, re, im);

        for (int k = 0; k <= n / 2; k++)
        {
            double sumRe = 0, sumIm = 0;
            for (int t = 0; t < n; t++)
            {
                double angle = -2 * Math.PI * ((long)k * t % n) / n;
                sumRe += x[t] * Math.Cos(angle);
                sumIm += x[t] * Math.Sin(angle);
            }
            Assert.True(Math.Abs(sumRe - re[k]) < 1e-9 * n, $"n={n} bin {k} re {re[k]} vs {sumRe}");
            Assert.True(Math.Abs(sumIm - im[k]) < 1e-9 * n, $"n={n} bin {k} im {im[k]} vs {sumIm}");
        }
    }

    [Fact]
    public void RealFft_power_of_a_cosine_is_a_single_bin()
    {
        const int n = 800;
        var frame = Enumerable.Range(0, n).Select(t => Math.Cos(2 * Math.PI * 37 * t / n)).ToArray();
        var power = new double[n / 2 + 1];

        new RealFft(n).Power(frame, power);

        Assert.Equal(n * n / 4.0, power[37], 6);
        Assert.All(power.Where((_, k) => k != 37), p => Assert.True(p < 1e-12));
    }
}
