using System.Runtime.CompilerServices;

namespace ATSync.Core.Numerics;

/// <summary>
/// Spectrum of a real frame of a fixed length (the n/2 + 1 non-negative frequency bins), exact for any length.
/// Even lengths pack the frame into a complex sequence of half the length (even samples real, odd imaginary), which
/// halves the work. Holds scratch buffers: use one instance per thread.
/// </summary>
public sealed class RealFft
{
    private readonly ComplexFft _fft;
    private readonly bool _packed;
    private readonly double[] _inRe;
    private readonly double[] _inIm;
    private readonly double[] _zRe;
    private readonly double[] _zIm;
    private readonly double[] _re;
    private readonly double[] _im;
    private readonly double[] _wRe;
    private readonly double[] _wIm;

    public RealFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
        _packed = length % 2 == 0;
        int complexLength = _packed ? length / 2 : length;
        _fft = new ComplexFft(complexLength);
        _inRe = new double[complexLength];
        _inIm = new double[complexLength];
        _zRe = new double[complexLength];
        _zIm = new double[complexLength];
        _re = new double[BinCount];
        _im = new double[BinCount];
        _wRe = new double[BinCount];
        _wIm = new double[BinCount];
        for (int k = 0; k < BinCount; k++)
        {
            _wRe[k] = Math.Cos(-2 * Math.PI * k / length);
            _wIm[k] = Math.Sin(-2 * Math.PI * k / length);
        }
    }

    public int Length { get; }

    public int BinCount => Length / 2 + 1;

    /// <summary>Writes Re and Im of bins 0..n/2 of the DFT of <paramref name="frame"/> (length n).</summary>
    public void Forward(ReadOnlySpan<double> frame, Span<double> re, Span<double> im)
    {
        Transform(frame);
        _re.CopyTo(re);
        _im.CopyTo(im);
    }

    /// <summary>|X[k]| for k = 0..n/2.</summary>
    public void Magnitude(ReadOnlySpan<double> frame, Span<double> magnitude)
    {
        Transform(frame);
        for (int k = 0; k < BinCount; k++) magnitude[k] = Math.Sqrt(_re[k] * _re[k] + _im[k] * _im[k]);
    }

    /// <summary>|X[k]|^2 for k = 0..n/2.</summary>
    public void Power(ReadOnlySpan<double> frame, Span<double> power)
    {
        Transform(frame);
        for (int k = 0; k < BinCount; k++) power[k] = _re[k] * _re[k] + _im[k] * _im[k];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Transform(ReadOnlySpan<double> frame)
    {
        if (frame.Length != Length)
            throw new ArgumentException($"frame has {frame.Length} samples, this FFT takes exactly {Length}", nameof(frame));
        if (!_packed)
        {
            frame.CopyTo(_inRe);
            _fft.Forward(_inRe, _inIm, _zRe, _zIm);
            _zRe.AsSpan(0, BinCount).CopyTo(_re);
            _zIm.AsSpan(0, BinCount).CopyTo(_im);
            return;
        }
        int m = Length / 2;
        for (int j = 0; j < m; j++)
        {
            _inRe[j] = frame[2 * j];
            _inIm[j] = frame[2 * j + 1];
        }
        _fft.Forward(_inRe, _inIm, _zRe, _zIm);
        // Z = E + iO where E, O are the DFTs of the even and odd samples; X[k] = E[k] + W^k O[k].
        for (int k = 0; k <= m; k++)
        {
            int a = k % m, b = (m - k) % m;
            double zkRe = _zRe[a], zkIm = _zIm[a], zmRe = _zRe[b], zmIm = _zIm[b];
            double eRe = 0.5 * (zkRe + zmRe), eIm = 0.5 * (zkIm - zmIm);
            double oRe = 0.5 * (zkIm + zmIm), oIm = -0.5 * (zkRe - zmRe);
            _re[k] = eRe + _wRe[k] * oRe - _wIm[k] * oIm;
            _im[k] = eIm + _wRe[k] * oIm + _wIm[k] * oRe;
        }
    }
}
