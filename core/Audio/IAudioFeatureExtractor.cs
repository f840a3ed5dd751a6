namespace ATSync.Core.Audio;

/// <summary>Turns 16 kHz mono audio into features with exactly one row per 25 fps video frame.</summary>
public interface IAudioFeatureExtractor : IDisposable
{
    AudioFeatureKind Kind { get; }

    /// <summary>Shape of one per-frame row (mel [4, 80], hubert [2, 1024], wenet [16, 512]).</summary>
    int[] RowShape { get; }

    /// <param name="samples">16 kHz mono samples in [-1, 1].</param>
    /// <param name="frameCount">Number of 25 fps video frames to align to: the result has exactly this many rows.</param>
    AudioFeatures Extract(ReadOnlyMemory<float> samples, int frameCount, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default);
}
