using System.Runtime.CompilerServices;

namespace ATSync.Core.Numerics;

/// <summary>
/// Exact forward DFT of any length by recursive mixed-radix Cooley-Tukey (radix 2, 3, 4, 5 butterflies, a plain DFT
/// step for other prime factors). Lengths like 800 = 2^5 * 5^2 need no zero padding, so results equal numpy's.
/// A plan is immutable after construction; <see cref="Forward"/> is thread-safe when each caller owns its buffers.
/// </summary>
public sealed class ComplexFft
{
    private readonly double[] _twRe;
    private readonly double[] _twIm;
    private readonly int[] _factors;

    public ComplexFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
        _twRe = new double[length];
        _twIm = new double[length];
        for (int k = 0; k < length; k++)
        {
            double angle = -2.0 * Math.PI * k / length;
            _twRe[k] = Math.Cos(angle);
            _twIm[k] = Math.Sin(angle);
        }
        _factors = Factorize(length);
    }

    public int Length { get; }

    /// <summary>X[k] = sum_n x[n] exp(-2 pi i k n / N). Input and output must not overlap.</summary>
    public void Forward(ReadOnlySpan<double> inRe, ReadOnlySpan<double> inIm, Span<double> outRe, Span<double> outIm)
    {
        if (inRe.Length < Length || inIm.Length < Length || outRe.Length < Length || outIm.Length < Length)
            throw new ArgumentException($"FFT of length {Length} needs buffers of at least that length");
        Transform(inRe, inIm, 1, outRe, outIm, 0);
    }

    // Factors in the order the recursion consumes them; 4 first keeps most of the work in the cheap radix-4 step.
    private static int[] Factorize(int n)
    {
        var factors = new List<int>();
        while (n % 4 == 0) { factors.Add(4); n /= 4; }
        while (n % 2 == 0) { factors.Add(2); n /= 2; }
        for (int p = 3; n > 1; p += 2)
        {
            while (n % p == 0) { factors.Add(p); n /= p; }
            if (p * p > n && n > 1) { factors.Add(n); break; }
        }
        return factors.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Transform(ReadOnlySpan<double> inRe, ReadOnlySpan<double> inIm, int stride,
        Span<double> outRe, Span<double> outIm, int factorIndex)
    {
        int n = Length / stride;
        if (n == 1)
        {
            outRe[0] = inRe[0];
            outIm[0] = inIm[0];
            return;
        }
        int p = _factors[factorIndex];
        int m = n / p;
        // Sub-transforms of the p decimated sequences land in consecutive blocks of length m.
        for (int q = 0; q < p; q++)
            Transform(inRe[(q * stride)..], inIm[(q * stride)..], stride * p, outRe.Slice(q * m, m), outIm.Slice(q * m, m),
                factorIndex + 1);

        switch (p)
        {
            case 2: Butterfly2(outRe, outIm, stride, m); break;
            case 4: Butterfly4(outRe, outIm, stride, m); break;
            case 5: Butterfly5(outRe, outIm, stride, m); break;
            default: ButterflyGeneric(outRe, outIm, stride, m, p); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Butterfly2(Span<double> re, Span<double> im, int stride, int m)
    {
        for (int k = 0; k < m; k++)
        {
            int t = k * stride;
            double bRe = re[k + m] * _twRe[t] - im[k + m] * _twIm[t];
            double bIm = re[k + m] * _twIm[t] + im[k + m] * _twRe[t];
            double aRe = re[k], aIm = im[k];
            re[k] = aRe + bRe; im[k] = aIm + bIm;
            re[k + m] = aRe - bRe; im[k + m] = aIm - bIm;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Butterfly4(Span<double> re, Span<double> im, int stride, int m)
    {
        for (int k = 0; k < m; k++)
        {
            int t1 = k * stride, t2 = 2 * t1, t3 = 3 * t1;
            double x0Re = re[k], x0Im = im[k];
            double x1Re = re[k + m] * _twRe[t1] - im[k + m] * _twIm[t1];
            double x1Im = re[k + m] * _twIm[t1] + im[k + m] * _twRe[t1];
            double x2Re = re[k + 2 * m] * _twRe[t2] - im[k + 2 * m] * _twIm[t2];
            double x2Im = re[k + 2 * m] * _twIm[t2] + im[k + 2 * m] * _twRe[t2];
            double x3Re = re[k + 3 * m] * _twRe[t3] - im[k + 3 * m] * _twIm[t3];
            double x3Im = re[k + 3 * m] * _twIm[t3] + im[k + 3 * m] * _twRe[t3];
            double s02Re = x0Re + x2Re, s02Im = x0Im + x2Im, d02Re = x0Re - x2Re, d02Im = x0Im - x2Im;
            double s13Re = x1Re + x3Re, s13Im = x1Im + x3Im, d13Re = x1Re - x3Re, d13Im = x1Im - x3Im;
            re[k] = s02Re + s13Re; im[k] = s02Im + s13Im;
            // multiply (x1 - x3) by -i for the forward transform
            re[k + m] = d02Re + d13Im; im[k + m] = d02Im - d13Re;
            re[k + 2 * m] = s02Re - s13Re; im[k + 2 * m] = s02Im - s13Im;
            re[k + 3 * m] = d02Re - d13Im; im[k + 3 * m] = d02Im + d13Re;
        }
    }

    private static readonly double C1 = Math.Cos(2 * Math.PI / 5), C2 = Math.Cos(4 * Math.PI / 5);
    private static readonly double S1 = Math.Sin(2 * Math.PI / 5), S2 = Math.Sin(4 * Math.PI / 5);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Butterfly5(Span<double> re, Span<double> im, int stride, int m)
    {
        for (int k = 0; k < m; k++)
        {
            double y0Re = re[k], y0Im = im[k];
            Twiddled(re, im, k + m, k * stride, out double y1Re, out double y1Im);
            Twiddled(re, im, k + 2 * m, 2 * k * stride, out double y2Re, out double y2Im);
            Twiddled(re, im, k + 3 * m, 3 * k * stride, out double y3Re, out double y3Im);
            Twiddled(re, im, k + 4 * m, 4 * k * stride, out double y4Re, out double y4Im);
            double a1Re = y1Re + y4Re, a1Im = y1Im + y4Im, b1Re = y1Re - y4Re, b1Im = y1Im - y4Im;
            double a2Re = y2Re + y3Re, a2Im = y2Im + y3Im, b2Re = y2Re - y3Re, b2Im = y2Im - y3Im;
            double t1Re = y0Re + C1 * a1Re + C2 * a2Re, t1Im = y0Im + C1 * a1Im + C2 * a2Im;
            double t2Re = y0Re + C2 * a1Re + C1 * a2Re, t2Im = y0Im + C2 * a1Im + C1 * a2Im;
            double u1Re = S1 * b1Re + S2 * b2Re, u1Im = S1 * b1Im + S2 * b2Im;
            double u2Re = S2 * b1Re - S1 * b2Re, u2Im = S2 * b1Im - S1 * b2Im;
            re[k] = y0Re + a1Re + a2Re; im[k] = y0Im + a1Im + a2Im;
            // X1 = t1 - i u1, X4 = t1 + i u1, X2 = t2 - i u2, X3 = t2 + i u2
            re[k + m] = t1Re + u1Im; im[k + m] = t1Im - u1Re;
            re[k + 4 * m] = t1Re - u1Im; im[k + 4 * m] = t1Im + u1Re;
            re[k + 2 * m] = t2Re + u2Im; im[k + 2 * m] = t2Im - u2Re;
            re[k + 3 * m] = t2Re - u2Im; im[k + 3 * m] = t2Im + u2Re;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Twiddled(Span<double> re, Span<double> im, int index, int t, out double outRe, out double outIm)
    {
        outRe = re[index] * _twRe[t] - im[index] * _twIm[t];
        outIm = re[index] * _twIm[t] + im[index] * _twRe[t];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ButterflyGeneric(Span<double> re, Span<double> im, int stride, int m, int p)
    {
        Span<double> yRe = p <= 64 ? stackalloc double[p] : new double[p];
        Span<double> yIm = p <= 64 ? stackalloc double[p] : new double[p];
        for (int k = 0; k < m; k++)
        {
            // y_q = W_n^{q k} * Y_q[k]
            for (int q = 0; q < p; q++)
            {
                int t = q * k * stride;
                double r = re[k + q * m], i = im[k + q * m];
                yRe[q] = r * _twRe[t] - i * _twIm[t];
                yIm[q] = r * _twIm[t] + i * _twRe[t];
            }
            // X[k + r m] = sum_q y_q W_p^{q r}; W_p^{j} = twiddle[j * stride * m] in the length-N table.
            for (int r = 0; r < p; r++)
            {
                double accRe = 0, accIm = 0;
                for (int q = 0; q < p; q++)
                {
                    int t = (q * r % p) * m * stride;
                    accRe += yRe[q] * _twRe[t] - yIm[q] * _twIm[t];
                    accIm += yRe[q] * _twIm[t] + yIm[q] * _twRe[t];
                }
                re[k + r * m] = accRe;
                im[k + r * m] = accIm;
            }
        }
    }
}
