namespace ATSync.Core.Numerics;

/// <summary>
/// Spectrum of a real frame of a fixed length (the n/2 + 1 non-negative frequency bins), exact for any length.
/// Holds scratch buffers: use one instance per thread.
/// </summary>
public sealed class RealFft
{
    private readonly ComplexFft _fft;
    private readonly double[] _zeros;
    private readonly double[] _re;
    private readonly double[] _im;

    public RealFft(int length)
    {
        _fft = new ComplexFft(length);
        _zeros = new double[length];
        _re = new double[length];
        _im = new double[length];
    }

    public int Length => _fft.Length;

    public int BinCount => Length / 2 + 1;

    /// <summary>Writes Re and Im of bins 0..n/2 of the DFT of <paramref name="frame"/> (length n).</summary>
    public void Forward(ReadOnlySpan<double> frame, Span<double> re, Span<double> im)
    {
        Transform(frame);
        _re.AsSpan(0, BinCount).CopyTo(re);
        _im.AsSpan(0, BinCount).CopyTo(im);
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

    private void Transform(ReadOnlySpan<double> frame)
    {
        if (frame.Length != Length)
            throw new ArgumentException($"frame has {frame.Length} samples, this FFT takes exactly {Length}", nameof(frame));
        _fft.Forward(frame, _zeros, _re, _im);
    }
}
