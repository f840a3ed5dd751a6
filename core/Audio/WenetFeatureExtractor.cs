using ATSync.Core.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace ATSync.Core.Audio;

/// <summary>
/// WeNet conformer encoder outputs from a user-supplied ONNX export, as the reference tool computes them: the waveform
/// scaled to the int16 range, 5120 zero samples prepended and 5600 appended, <see cref="KaldiFbank"/> features, then
/// windows of 67 fbank frames every 5 frames (50 ms), each through the encoder with zero caches and offset 100,
/// giving one [16, 512] output per window = 20 rows per second (window k is centred near k * 50 ms of the audio).
/// Alignment to 25 fps: video frame i takes the 20 Hz rows linearly interpolated at position p = i * 20 / 25 = 0.8 i;
/// past the last row (video longer than audio) rows are zeros; a position between the last row and the end uses the
/// last row.
/// </summary>
public sealed class WenetFeatureExtractor : IAudioFeatureExtractor
{
    public const int ChunkFrames = 67;
    public const int ChunkStep = 5;
    public const int LeadingZeros = 5120;
    public const int TrailingZeros = 5600;
    public const long Offset = 100;
    public const int OutputSteps = 16;
    public const int OutputSize = 512;
    private const int RowLength = OutputSteps * OutputSize;
    private static readonly int[] AttCacheShape = [3, 8, 16, 128];
    private static readonly int[] CnnCacheShape = [3, 1, 512, 14];

    public static OnnxModelContract Contract { get; } = new("WeNet encoder",
        [
            new OnnxTensorSpec("chunk", typeof(float), [1, 1, ChunkFrames, KaldiFbank.MelCount]),
            new OnnxTensorSpec("offset", typeof(long), [1]),
            new OnnxTensorSpec("att_cache", typeof(float), AttCacheShape),
            new OnnxTensorSpec("cnn_cache", typeof(float), CnnCacheShape),
        ],
        [new OnnxTensorSpec("output", typeof(float), [1, OutputSteps, OutputSize])]);

    private readonly InferenceSession _session;

    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="InvalidDataException">the file is not an ONNX model with <see cref="Contract"/>'s signature.</exception>
    public WenetFeatureExtractor(string modelPath)
    {
        _session = Contract.Open(modelPath);
    }

    public AudioFeatureKind Kind => AudioFeatureKind.Wenet;

    public int[] RowShape => [OutputSteps, OutputSize];

    /// <summary>Number of 20 Hz encoder rows for n samples of audio.</summary>
    public static int ChunkCount(int sampleCount)
    {
        int frames = KaldiFbank.FrameCount(sampleCount + LeadingZeros + TrailingZeros);
        return frames < ChunkFrames ? 0 : (frames - ChunkFrames) / ChunkStep + 1;
    }

    public AudioFeatures Extract(ReadOnlyMemory<float> samples, int frameCount, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        progress?.Report(0);
        // Only the audio the video needs (plus one window of context) is encoded.
        int neededSamples = (int)Math.Min(int.MaxValue, (frameCount + 2L) * 640 + LeadingZeros + TrailingZeros);
        var span = samples.Span[..Math.Min(samples.Length, neededSamples)];
        var padded = new float[LeadingZeros + span.Length + TrailingZeros];
        for (int i = 0; i < span.Length; i++) padded[LeadingZeros + i] = span[i] * 32768f;
        var fbank = KaldiFbank.Compute(padded, cancellationToken);

        var rows = Encode(fbank, progress, cancellationToken);
        var data = AlignTo25Fps(rows, RowLength, frameCount);
        progress?.Report(1);
        return new AudioFeatures(Kind, data, [frameCount, OutputSteps, OutputSize]);
    }

    private float[] Encode(float[] fbank, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        int frames = fbank.Length / KaldiFbank.MelCount;
        int chunks = frames < ChunkFrames ? 0 : (frames - ChunkFrames) / ChunkStep + 1;
        var rows = new float[chunks * RowLength];
        if (chunks == 0) return rows;

        // Inputs are bound once over fixed buffers; only the chunk buffer's contents change per run.
        var chunk = new float[ChunkFrames * KaldiFbank.MelCount];
        using var chunkValue = OrtValue.CreateTensorValueFromMemory(chunk, [1, 1, ChunkFrames, KaldiFbank.MelCount]);
        using var offsetValue = OrtValue.CreateTensorValueFromMemory(new[] { Offset }, [1]);
        using var attValue = OrtValue.CreateTensorValueFromMemory(new float[AttCacheShape.Aggregate(1, (a, b) => a * b)],
            AttCacheShape.Select(d => (long)d).ToArray());
        using var cnnValue = OrtValue.CreateTensorValueFromMemory(new float[CnnCacheShape.Aggregate(1, (a, b) => a * b)],
            CnnCacheShape.Select(d => (long)d).ToArray());
        string[] inputNames = ["chunk", "offset", "att_cache", "cnn_cache"];
        OrtValue[] inputs = [chunkValue, offsetValue, attValue, cnnValue];
        string[] outputNames = ["output"];
        using var runOptions = new RunOptions();
        for (int c = 0; c < chunks; c++)
        {
            if ((c & 15) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report((double)c / chunks);
            }
            fbank.AsSpan(c * ChunkStep * KaldiFbank.MelCount, chunk.Length).CopyTo(chunk);
            using var outputs = _session.Run(runOptions, inputNames, inputs, outputNames);
            outputs[0].GetTensorDataAsSpan<float>().CopyTo(rows.AsSpan(c * RowLength, RowLength));
        }
        return rows;
    }

    /// <summary>Row i = 20 Hz rows interpolated at p = 0.8 i (see the class remarks for the edges).</summary>
    public static float[] AlignTo25Fps(float[] rows20Hz, int rowLength, int frameCount)
    {
        int rowCount = rows20Hz.Length / rowLength;
        var data = new float[frameCount * rowLength];
        for (int i = 0; i < frameCount; i++)
        {
            // p = 4i / 5 exactly: integer part and fraction without floating-point drift
            int k = 4 * i / 5;
            float f = (4 * i % 5) / 5f;
            if (k >= rowCount) break;
            var target = data.AsSpan(i * rowLength, rowLength);
            var a = rows20Hz.AsSpan(k * rowLength, rowLength);
            if (f == 0 || k + 1 >= rowCount)
            {
                a.CopyTo(target);
                continue;
            }
            var b = rows20Hz.AsSpan((k + 1) * rowLength, rowLength);
            for (int j = 0; j < rowLength; j++) target[j] = a[j] + f * (b[j] - a[j]);
        }
        return data;
    }

    public void Dispose() => _session.Dispose();
}
