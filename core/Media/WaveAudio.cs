namespace ATSync.Core.Media;

/// <summary>PCM audio read from a WAV file: interleaved float samples in [-1, 1].</summary>
public sealed record WaveAudio(int SampleRate, int Channels, float[] Samples)
{
    public int FrameCount => Samples.Length / Channels;

    public TimeSpan Duration => TimeSpan.FromSeconds(FrameCount / (double)SampleRate);

    /// <summary>The channel mean (the samples themselves when already mono).</summary>
    public float[] ToMono()
    {
        if (Channels == 1) return Samples;
        var mono = new float[FrameCount];
        for (int i = 0, j = 0; i < mono.Length; i++)
        {
            var sum = 0f;
            for (var c = 0; c < Channels; c++) sum += Samples[j++];
            mono[i] = sum / Channels;
        }

        return mono;
    }
}
