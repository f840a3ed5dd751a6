namespace ATSync.Core.Audio;

/// <summary>
/// Speech or silence for each 25 fps video frame of 16 kHz audio (to keep the mouth closed in silence).
/// Frame energy in dB is compared with an adaptive noise floor: the floor follows quiet frames quickly and rises only
/// slowly during loud ones. A frame is speech when it is <see cref="ThresholdDb"/> above the floor and above
/// <see cref="AbsoluteFloorDb"/>; speech is held for <see cref="HangoverFrames"/> frames after it ends (closures
/// between syllables stay "speech") and bursts shorter than <see cref="MinSpeechFrames"/> are dropped.
/// The floor never rises above <see cref="MaxNoiseFloorDb"/>: a recording with no quiet frame at all (a sustained
/// voice, speech over music) would otherwise take its own level as the noise and be gated to silence.
/// </summary>
public sealed class VoiceActivityDetector
{
    public const int SamplesPerFrame = 16000 / 25;
    private const double FloorFallRate = 0.3;
    private const double FloorRiseRate = 0.005;

    /// <summary>dB above the noise floor that counts as speech.</summary>
    public double ThresholdDb { get; init; } = 12;

    /// <summary>Frames quieter than this (dBFS, RMS) are never speech.</summary>
    public double AbsoluteFloorDb { get; init; } = -50;

    /// <summary>Highest level (dBFS, RMS) taken as background noise; room tone in real recordings sits far below.</summary>
    public double MaxNoiseFloorDb { get; init; } = -40;

    public int HangoverFrames { get; init; } = 4;

    public int MinSpeechFrames { get; init; } = 2;

    /// <param name="samples">16 kHz mono in [-1, 1].</param>
    /// <param name="frameCount">video frames; frames past the end of the audio are silence.</param>
    public bool[] Detect(ReadOnlySpan<float> samples, int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        var energyDb = new double[frameCount];
        for (int i = 0; i < frameCount; i++)
        {
            int start = i * SamplesPerFrame;
            int length = Math.Clamp(samples.Length - start, 0, SamplesPerFrame);
            double sum = 0;
            for (int j = 0; j < length; j++) sum += samples[start + j] * (double)samples[start + j];
            double rms = Math.Sqrt(sum / SamplesPerFrame);
            energyDb[i] = 20 * Math.Log10(Math.Max(rms, 1e-6));
        }

        // Initial floor: the quietest tenth of the frames (robust to a loud start).
        double floor = frameCount == 0 ? -120 : Math.Min(energyDb.Order().ElementAt(frameCount / 10), MaxNoiseFloorDb);
        var raw = new bool[frameCount];
        for (int i = 0; i < frameCount; i++)
        {
            double e = energyDb[i];
            floor = Math.Min(floor + (e < floor ? FloorFallRate : FloorRiseRate) * (e - floor), MaxNoiseFloorDb);
            raw[i] = e > AbsoluteFloorDb && e > floor + ThresholdDb;
        }

        RemoveShortBursts(raw);
        var speech = new bool[frameCount];
        int hold = 0;
        for (int i = 0; i < frameCount; i++)
        {
            if (raw[i]) hold = HangoverFrames + 1;
            speech[i] = hold > 0;
            if (hold > 0) hold--;
        }
        return speech;
    }

    private void RemoveShortBursts(bool[] raw)
    {
        for (int i = 0; i < raw.Length;)
        {
            if (!raw[i]) { i++; continue; }
            int end = i;
            while (end < raw.Length && raw[end]) end++;
            if (end - i < MinSpeechFrames) Array.Clear(raw, i, end - i);
            i = end;
        }
    }
}
