using System.Runtime.CompilerServices;
using ATSync.Core.Numerics;

namespace ATSync.Core.Audio;

/// <summary>
/// Wav2Lip's normalised log-mel spectrogram of 16 kHz audio: pre-emphasis 0.97; centred STFT (reflect padding of
/// n_fft/2) with an exact 800-point FFT, hop 200 (80 frames per second), periodic hann window of 800; 80 Slaney mel
/// bins 55..7600 Hz of the magnitude; 20 log10(max(1e-5, x)) - 20 dB; mapped from [-100, 0] dB onto [-4, 4], clipped.
/// </summary>
public static class MelSpectrogram
{
    public const int SampleRate = 16000;
    public const int FftLength = 800;
    public const int HopLength = 200;
    public const int MelCount = 80;
    public const double PreEmphasis = 0.97;
    public const double MinLevelDb = -100;
    public const double RefLevelDb = 20;
    public const double MaxAbsValue = 4;

    private static readonly SlaneyMelFilterBank FilterBank = new(SampleRate, FftLength, MelCount, 55, 7600);
    private static readonly double[] Window = PeriodicHann(FftLength);

    /// <summary>Number of frames for <paramref name="sampleCount"/> samples: 1 + n / hop (centred frames).</summary>
    public static int FrameCount(int sampleCount) => 1 + sampleCount / HopLength;

    /// <summary>Row-major [FrameCount(n), 80] values in [-4, 4].</summary>
    // Runs once per clip: skip the slow first JIT tier for its long loops.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Compute(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        int n = samples.Length;
        var emphasised = new double[n];
        for (int i = 0; i < n; i++) emphasised[i] = samples[i] - (i > 0 ? PreEmphasis * samples[i - 1] : 0);

        int frames = FrameCount(n);
        var result = new float[frames * MelCount];
        var fft = new RealFft(FftLength);
        var frame = new double[FftLength];
        var magnitude = new double[fft.BinCount];
        var mel = new double[MelCount];
        const int half = FftLength / 2;
        double minLevel = Math.Pow(10, MinLevelDb / 20);
        for (int t = 0; t < frames; t++)
        {
            if ((t & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            int start = t * HopLength - half;
            for (int j = 0; j < FftLength; j++) frame[j] = ReflectedSample(emphasised, start + j) * Window[j];
            fft.Magnitude(frame, magnitude);
            FilterBank.Apply(magnitude, mel);
            var row = result.AsSpan(t * MelCount, MelCount);
            for (int m = 0; m < MelCount; m++)
            {
                double db = 20 * Math.Log10(Math.Max(minLevel, mel[m])) - RefLevelDb;
                double normalised = 2 * MaxAbsValue * ((db - MinLevelDb) / -MinLevelDb) - MaxAbsValue;
                row[m] = (float)Math.Clamp(normalised, -MaxAbsValue, MaxAbsValue);
            }
        }
        return result;
    }

    // numpy's 'reflect' padding (mirror without repeating the edge), repeated for pads longer than the signal.
    private static double ReflectedSample(double[] x, int index)
    {
        int n = x.Length;
        if (n == 0) return 0;
        if (n == 1) return x[0];
        int period = 2 * (n - 1);
        int i = index % period;
        if (i < 0) i += period;
        return x[i < n ? i : period - i];
    }

    private static double[] PeriodicHann(int length)
    {
        var w = new double[length];
        for (int i = 0; i < length; i++) w[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / length);
        return w;
    }
}
