using System.Runtime.CompilerServices;
using ATSync.Core.Numerics;

namespace ATSync.Core.Audio;

/// <summary>
/// Kaldi log mel filter-bank features as torchaudio.compliance.kaldi.fbank computes them with num_mel_bins=80,
/// frame_length=25 ms, frame_shift=10 ms, dither=0, energy_floor=0, 16 kHz: whole 400-sample frames every 160 samples
/// (snip_edges), per-frame DC removal, pre-emphasis 0.97, povey window, zero padding to 512, power spectrum, kaldi mel
/// banks (mel = 1127 ln(1 + f / 700)) from 20 Hz to Nyquist, natural log floored at float32 epsilon.
/// The caller scales the waveform (WeNet expects the int16 range).
/// </summary>
public static class KaldiFbank
{
    public const int SampleRate = 16000;
    public const int FrameLength = 400;
    public const int FrameShift = 160;
    public const int PaddedLength = 512;
    public const int MelCount = 80;
    public const double PreEmphasis = 0.97;
    public const double LowHz = 20;

    private static readonly double[] Window = PoveyWindow(FrameLength);
    private static readonly (int First, double[] Weights)[] Banks = MelBanks();
    // torch.finfo(torch.float).eps, the floor torchaudio applies before the log
    private static readonly double LogFloor = Math.Log(1.1920928955078125e-07);

    /// <summary>Frames for n samples with snip_edges: 1 + (n - 400) / 160, or 0 when n &lt; 400.</summary>
    public static int FrameCount(int sampleCount) =>
        sampleCount < FrameLength ? 0 : 1 + (sampleCount - FrameLength) / FrameShift;

    /// <summary>Row-major [FrameCount(n), 80].</summary>
    // Runs once per clip: skip the slow first JIT tier for its long loops.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Compute(ReadOnlySpan<float> waveform, CancellationToken cancellationToken = default)
    {
        int frames = FrameCount(waveform.Length);
        var result = new float[frames * MelCount];
        var fft = new RealFft(PaddedLength);
        var frame = new double[PaddedLength];
        var power = new double[fft.BinCount];
        for (int t = 0; t < frames; t++)
        {
            if ((t & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            var source = waveform.Slice(t * FrameShift, FrameLength);
            double mean = 0;
            for (int j = 0; j < FrameLength; j++) mean += source[j];
            mean /= FrameLength;
            // pre-emphasis on the DC-free frame; kaldi uses the first sample as its own predecessor
            double previous = source[0] - mean;
            for (int j = 0; j < FrameLength; j++)
            {
                double x = source[j] - mean;
                frame[j] = (x - PreEmphasis * previous) * Window[j];
                previous = x;
            }
            Array.Clear(frame, FrameLength, PaddedLength - FrameLength);
            fft.Power(frame, power);
            var row = result.AsSpan(t * MelCount, MelCount);
            for (int m = 0; m < MelCount; m++)
            {
                var (first, weights) = Banks[m];
                double energy = 0;
                for (int k = 0; k < weights.Length; k++) energy += weights[k] * power[first + k];
                row[m] = (float)(energy > 0 ? Math.Max(Math.Log(energy), LogFloor) : LogFloor);
            }
        }
        return result;
    }

    private static double Mel(double hz) => 1127.0 * Math.Log(1.0 + hz / 700.0);

    private static (int, double[])[] MelBanks()
    {
        int bins = PaddedLength / 2; // the Nyquist bin gets no weight, as in kaldi
        double binWidth = (double)SampleRate / PaddedLength;
        double melLow = Mel(LowHz), melHigh = Mel(SampleRate / 2.0);
        double delta = (melHigh - melLow) / (MelCount + 1);
        var banks = new (int, double[])[MelCount];
        for (int m = 0; m < MelCount; m++)
        {
            double left = melLow + m * delta, centre = left + delta, right = centre + delta;
            var weights = new List<double>();
            int first = -1;
            for (int k = 0; k < bins; k++)
            {
                double mel = Mel(binWidth * k);
                double w = Math.Max(0, Math.Min((mel - left) / (centre - left), (right - mel) / (right - centre)));
                if (w <= 0) continue;
                if (first < 0) first = k;
                while (first + weights.Count < k) weights.Add(0);
                weights.Add(w);
            }
            banks[m] = (Math.Max(first, 0), weights.ToArray());
        }
        return banks;
    }

    // Kaldi's "povey" window: a symmetric hann window raised to 0.85.
    private static double[] PoveyWindow(int length)
    {
        var w = new double[length];
        for (int i = 0; i < length; i++) w[i] = Math.Pow(0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (length - 1)), 0.85);
        return w;
    }
}
