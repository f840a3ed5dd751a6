namespace ATSync.Core.Audio;

/// <summary>
/// Triangular mel filters on the Slaney mel scale with Slaney area normalisation (librosa.filters.mel's default,
/// htk=False, norm='slaney'), stored sparsely: each filter only touches a short run of FFT bins.
/// </summary>
public sealed class SlaneyMelFilterBank
{
    private readonly int[] _firstBin;
    private readonly double[][] _weights;

    public SlaneyMelFilterBank(int sampleRate, int fftLength, int melCount, double minHz, double maxHz)
    {
        MelCount = melCount;
        BinCount = fftLength / 2 + 1;
        double melMin = HzToMel(minHz), melMax = HzToMel(maxHz);
        var edges = new double[melCount + 2];
        for (int i = 0; i < edges.Length; i++) edges[i] = MelToHz(melMin + (melMax - melMin) * i / (melCount + 1));

        _firstBin = new int[melCount];
        _weights = new double[melCount][];
        for (int m = 0; m < melCount; m++)
        {
            double lowEdge = edges[m], centre = edges[m + 1], highEdge = edges[m + 2];
            double norm = 2.0 / (highEdge - lowEdge);
            var row = new List<double>();
            int first = -1;
            for (int k = 0; k < BinCount; k++)
            {
                // librosa's bin frequencies: linspace(0, sr/2, bins)
                double hz = (double)k * sampleRate / 2 / (BinCount - 1);
                double w = Math.Max(0, Math.Min((hz - lowEdge) / (centre - lowEdge), (highEdge - hz) / (highEdge - centre)));
                if (w > 0)
                {
                    if (first < 0) first = k;
                    // keep interior zeros (cannot occur for a triangle, but keeps indices contiguous)
                    while (first + row.Count < k) row.Add(0);
                    row.Add(w * norm);
                }
            }
            _firstBin[m] = Math.Max(first, 0);
            _weights[m] = row.ToArray();
        }
    }

    public int MelCount { get; }

    public int BinCount { get; }

    /// <summary>mel[m] = sum_k weight[m, k] * spectrum[k].</summary>
    public void Apply(ReadOnlySpan<double> spectrum, Span<double> mel)
    {
        for (int m = 0; m < MelCount; m++)
        {
            var w = _weights[m];
            var s = spectrum.Slice(_firstBin[m], w.Length);
            double sum = 0;
            for (int k = 0; k < w.Length; k++) sum += w[k] * s[k];
            mel[m] = sum;
        }
    }

    // Slaney's scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above.
    private const double LinearStep = 200.0 / 3;
    private const double BreakHz = 1000.0;
    private const double BreakMel = BreakHz / LinearStep;
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    public static double HzToMel(double hz) =>
        hz >= BreakHz ? BreakMel + Math.Log(hz / BreakHz) / LogStep : hz / LinearStep;

    public static double MelToHz(double mel) =>
        mel >= BreakMel ? BreakHz * Math.Exp(LogStep * (mel - BreakMel)) : LinearStep * mel;
}
