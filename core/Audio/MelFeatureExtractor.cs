namespace ATSync.Core.Audio;

/// <summary>
/// Built-in log-mel features (<see cref="MelSpectrogram"/>), 80 mel frames per second. Video frame i (25 fps) gets the
/// 4 mel frames starting at round(i * 3.2) (= round(i * 80 / 25)); frames past the end of the audio are zero rows.
/// </summary>
public sealed class MelFeatureExtractor : IAudioFeatureExtractor
{
    public const int MelFramesPerVideoFrame = 4;

    public AudioFeatureKind Kind => AudioFeatureKind.Mel;

    public int[] RowShape => [MelFramesPerVideoFrame, MelSpectrogram.MelCount];

    /// <summary>First mel frame of video frame i: round(16 i / 5), computed exactly in integers.</summary>
    public static int FirstMelFrame(int videoFrame) => (int)((16L * videoFrame + 2) / 5);

    public AudioFeatures Extract(ReadOnlyMemory<float> samples, int frameCount, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        progress?.Report(0);
        // Only the audio the video needs (plus the last window) is transformed.
        int neededSamples = (FirstMelFrame(frameCount) + MelFramesPerVideoFrame) * MelSpectrogram.HopLength + MelSpectrogram.FftLength;
        var mel = MelSpectrogram.Compute(samples.Span[..Math.Min(samples.Length, neededSamples)], cancellationToken);
        int melFrames = mel.Length / MelSpectrogram.MelCount;

        const int rowLength = MelFramesPerVideoFrame * MelSpectrogram.MelCount;
        var data = new float[frameCount * rowLength];
        for (int i = 0; i < frameCount; i++)
        {
            int first = FirstMelFrame(i);
            int available = Math.Clamp(melFrames - first, 0, MelFramesPerVideoFrame);
            if (available == 0) break; // past the audio: the rest stays zero
            mel.AsSpan(first * MelSpectrogram.MelCount, available * MelSpectrogram.MelCount)
                .CopyTo(data.AsSpan(i * rowLength));
        }
        progress?.Report(1);
        return new AudioFeatures(Kind, data, [frameCount, MelFramesPerVideoFrame, MelSpectrogram.MelCount]);
    }

    public void Dispose()
    {
    }
}
