using ATSync.Core.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace ATSync.Core.Audio;

/// <summary>
/// HuBERT-large hidden states from a user-supplied ONNX export (input_values [1, N] -> last_hidden_state [1, T, 1024],
/// 50 Hz). As in the reference tool: the waveform is normalised to zero mean and unit variance (wav2vec2 feature
/// extractor, eps 1e-7); long audio runs in clips of 320,080 samples (20 s + 80 samples of overlap) every 320,000
/// samples plus a final remainder clip (skipped when shorter than 400 samples); the concatenation is padded/trimmed to
/// (N - 80) / 320 rows; an odd count gets one zero row; rows pair up into [T/2, 2, 1024] at 25 fps.
/// Alignment to the video: row i is video frame i; missing rows at the end are zeros, extra rows are dropped.
/// </summary>
public sealed class HubertFeatureExtractor : IAudioFeatureExtractor
{
    public const int HiddenSize = 1024;
    public const int Stride = 320;
    public const int Kernel = 400;
    public const int ClipLength = Stride * 1000;

    public static OnnxModelContract Contract { get; } = new("HuBERT",
        [new OnnxTensorSpec("input_values", typeof(float), [1, -1])],
        [new OnnxTensorSpec("last_hidden_state", typeof(float), [1, -1, HiddenSize])]);

    private readonly InferenceSession _session;

    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="InvalidDataException">the file is not an ONNX model with <see cref="Contract"/>'s signature.</exception>
    public HubertFeatureExtractor(string modelPath)
    {
        _session = Contract.Open(modelPath);
    }

    public AudioFeatureKind Kind => AudioFeatureKind.Hubert;

    public int[] RowShape => [2, HiddenSize];

    public AudioFeatures Extract(ReadOnlyMemory<float> samples, int frameCount, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        var normalised = Normalise(samples.Span);
        var hidden = HiddenStates(normalised, progress, cancellationToken); // [T, 1024]
        int t = hidden.Length / HiddenSize;

        const int rowLength = 2 * HiddenSize;
        var data = new float[frameCount * rowLength];
        // Rows pair up hidden states 2i and 2i+1; an odd last state pairs with a zero row (already zero in data).
        int copy = Math.Min(t, frameCount * 2);
        hidden.AsSpan(0, copy * HiddenSize).CopyTo(data);
        progress?.Report(1);
        return new AudioFeatures(Kind, data, [frameCount, 2, HiddenSize]);
    }

    /// <summary>(x - mean) / sqrt(var + 1e-7), as wav2vec2's feature extractor does before HuBERT.</summary>
    public static float[] Normalise(ReadOnlySpan<float> samples)
    {
        var result = new float[samples.Length];
        if (samples.Length == 0) return result;
        double sum = 0;
        foreach (var v in samples) sum += v;
        double mean = sum / samples.Length;
        double squares = 0;
        foreach (var v in samples) squares += (v - mean) * (v - mean);
        double scale = 1.0 / Math.Sqrt(squares / samples.Length + 1e-7);
        for (int i = 0; i < samples.Length; i++) result[i] = (float)((samples[i] - mean) * scale);
        return result;
    }

    /// <summary>Number of 50 Hz hidden states the reference keeps for n samples: (n - 80) / 320.</summary>
    public static int ExpectedStates(int sampleCount) => Math.Max(0, (sampleCount - (Kernel - Stride)) / Stride);

    private float[] HiddenStates(float[] input, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        int n = input.Length;
        var clips = new List<(int Start, int Length)>();
        int fullClips = n / ClipLength;
        for (int i = 0; i < fullClips; i++)
        {
            int start = i * ClipLength;
            clips.Add((start, Math.Min(ClipLength - Stride + Kernel, n - start)));
        }
        int rest = n - fullClips * ClipLength;
        if (rest >= Kernel) clips.Add((fullClips * ClipLength, rest));

        int expected = ExpectedStates(n);
        var states = new float[expected * HiddenSize];
        int filled = 0;
        for (int c = 0; c < clips.Count && filled < expected; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (start, length) = clips[c];
            using var value = OrtValue.CreateTensorValueFromMemory(input.AsMemory(start, length).ToArray(), [1, length]);
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, ["input_values"], [value], ["last_hidden_state"]);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            if (shape.Length != 3 || shape[2] != HiddenSize)
                throw new InvalidDataException(
                    $"the HuBERT model returned last_hidden_state of shape [{string.Join(",", shape)}], expected [1,T,{HiddenSize}]");
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            int take = Math.Min(hidden.Length / HiddenSize, expected - filled);
            hidden[..(take * HiddenSize)].CopyTo(states.AsSpan(filled * HiddenSize));
            filled += take;
            progress?.Report((c + 1.0) / (clips.Count + 1));
        }
        // Fewer states than expected (the reference allows one) are padded with zeros: already zero.
        return states;
    }

    public void Dispose() => _session.Dispose();
}
