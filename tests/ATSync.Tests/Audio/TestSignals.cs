namespace ATSync.Tests.Audio;

/// <summary>Deterministic synthetic 16 kHz signals.</summary>
internal static class TestSignals
{
    /// <summary>Speech-like: a 130 Hz harmonic voice with 4 Hz syllable envelope plus faint noise.</summary>
    public static float[] Voice(int samples, int seed = 1)
    {
        var random = new Random(seed);
        var x = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            double t = i / 16000.0;
            double envelope = 0.25 + 0.75 * Math.Abs(Math.Sin(Math.PI * 4 * t));
            double voice = 0;
            for (int h = 1; h <= 12; h++) voice += Math.Sin(2 * Math.PI * 130 * h * t + h) / h;
            x[i] = (float)(0.2 * envelope * voice + 0.002 * (random.NextDouble() - 0.5));
        }
        return x;
    }

    /// <summary>Voice with faint noise only (room tone) between <paramref name="gapStart"/> and <paramref name="gapEnd"/> seconds.</summary>
    public static float[] VoiceWithGap(double seconds, double gapStart, double gapEnd)
    {
        var x = Voice((int)(seconds * 16000));
        var random = new Random(7);
        for (int i = (int)(gapStart * 16000); i < (int)(gapEnd * 16000); i++)
            x[i] = (float)(0.001 * (random.NextDouble() - 0.5));
        return x;
    }
}
