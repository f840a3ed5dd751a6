using ATSync.Core.Audio;
using ATSync.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace ATSync.Tests.Audio;

public class HubertFeatureExtractorTests
{
    [SkippableTheory]
    [InlineData(25, 1.0)]
    [InlineData(25, 0.5)]   // audio shorter than video: zero rows at the end
    [InlineData(10, 1.0)]   // audio longer than video
    [InlineData(7, 0.28)]   // odd number of hidden states
    [InlineData(3, 0.0)]
    public void Has_exactly_frameCount_rows_of_2x1024(int frameCount, double seconds)
    {
        using var extractor = new HubertFeatureExtractor(SharedAssets.Fixture("hubert_like.onnx"));
        var audio = TestSignals.Voice((int)(seconds * 16000));

        var features = extractor.Extract(audio, frameCount);

        Assert.Equal([frameCount, 2, 1024], features.Shape);
        Assert.Equal(frameCount * 2048, features.Data.Length);
        int states = HubertFeatureExtractor.ExpectedStates(audio.Length);
        for (int i = 0; i < frameCount; i++)
        {
            var row = features.Row(i);
            Assert.Equal(2 * i < states, row[..1024].ContainsAnyExcept(0f));
            Assert.Equal(2 * i + 1 < states, row[1024..].ContainsAnyExcept(0f));
        }
    }

    [SkippableFact]
    public void Is_deterministic_and_ignores_loudness()
    {
        using var extractor = new HubertFeatureExtractor(SharedAssets.Fixture("hubert_like.onnx"));
        var audio = TestSignals.Voice(16000);
        var quieter = audio.Select(v => v * 0.25f).ToArray();

        var a = extractor.Extract(audio, 25);
        var b = extractor.Extract(audio, 25);
        var c = extractor.Extract(quieter, 25);

        Assert.Equal(a.Data, b.Data);
        // zero-mean unit-variance normalisation makes the input scale irrelevant
        Assert.True(a.Data.Zip(c.Data, (x, y) => Math.Abs(x - y)).Max() < 1e-3);
    }

    [SkippableFact]
    public void Long_audio_runs_in_20s_clips_and_keeps_n_minus_80_over_320_states()
    {
        using var extractor = new HubertFeatureExtractor(SharedAssets.Fixture("hubert_like.onnx"));
        var audio = TestSignals.Voice(16000 * 21); // 2 clips: 320,080 samples, then the 16,000-sample remainder
        int frames = 21 * 25;

        var features = extractor.Extract(audio, frames);

        Assert.Equal((audio.Length - 80) / 320, HubertFeatureExtractor.ExpectedStates(audio.Length));
        Assert.Equal(1049, HubertFeatureExtractor.ExpectedStates(audio.Length));
        Assert.True(features.Row(frames - 2).ContainsAnyExcept(0f)); // states from the second clip are present
        // 1049 states (odd): the last frame pairs state 1048 with a zero row
        Assert.True(features.Row(524)[..1024].ContainsAnyExcept(0f));
        Assert.False(features.Row(524)[1024..].ContainsAnyExcept(0f));

        // States equal the model run on the reference's clips of the normalised waveform.
        var normalised = HubertFeatureExtractor.Normalise(audio);
        var firstClip = RunModel(normalised[..320_080]);
        var secondClip = RunModel(normalised[320_000..]);
        Assert.Equal(1000 * 1024, firstClip.Length);
        Assert.Equal(49 * 1024, secondClip.Length);
        Assert.True(features.Data.AsSpan(0, firstClip.Length).SequenceEqual(firstClip));
        Assert.True(features.Data.AsSpan(1000 * 1024, secondClip.Length).SequenceEqual(secondClip));
    }

    private static float[] RunModel(float[] input)
    {
        using var session = new InferenceSession(SharedAssets.Fixture("hubert_like.onnx"));
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, input.Length]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input_values"], [value], ["last_hidden_state"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}

public class WenetFeatureExtractorTests
{
    [SkippableTheory]
    [InlineData(25, 1.0)]
    [InlineData(25, 0.4)]   // audio shorter than video: zero rows at the end
    [InlineData(12, 1.0)]   // audio longer than video
    [InlineData(1, 0.04)]
    [InlineData(2, 0.0)]
    public void Has_exactly_frameCount_rows_of_16x512(int frameCount, double seconds)
    {
        using var extractor = new WenetFeatureExtractor(SharedAssets.Fixture("wenet_like.onnx"));
        var audio = TestSignals.Voice((int)(seconds * 16000));

        var features = extractor.Extract(audio, frameCount);

        Assert.Equal([frameCount, 16, 512], features.Shape);
        Assert.Equal(frameCount * 16 * 512, features.Data.Length);
        int rows20 = WenetFeatureExtractor.ChunkCount(audio.Length);
        for (int i = 0; i < frameCount; i++)
            Assert.Equal(4 * i / 5 < rows20, features.Row(i).ContainsAnyExcept(0f));
    }

    [SkippableFact]
    public void Is_deterministic_and_audio_dependent()
    {
        using var extractor = new WenetFeatureExtractor(SharedAssets.Fixture("wenet_like.onnx"));
        var audio = TestSignals.Voice(16000);

        var a = extractor.Extract(audio, 25);
        var b = extractor.Extract(audio, 25);
        var silent = extractor.Extract(new float[16000], 25);

        Assert.Equal(a.Data, b.Data);
        Assert.NotEqual(a.Data, silent.Data);
    }

    [SkippableFact]
    public void First_row_is_the_encoder_on_the_first_67_fbank_frames_of_the_padded_int16_waveform()
    {
        var model = SharedAssets.Fixture("wenet_like.onnx");
        using var extractor = new WenetFeatureExtractor(model);
        var audio = TestSignals.Voice(16000);

        var features = extractor.Extract(audio, 25);

        var padded = new float[5120 + audio.Length + 5600];
        for (int i = 0; i < audio.Length; i++) padded[5120 + i] = audio[i] * 32768f;
        var chunk = KaldiFbank.Compute(padded)[..(67 * 80)];
        using var session = new InferenceSession(model);
        using var chunkValue = OrtValue.CreateTensorValueFromMemory(chunk, [1, 1, 67, 80]);
        using var offset = OrtValue.CreateTensorValueFromMemory(new long[] { 100 }, [1]);
        using var att = OrtValue.CreateTensorValueFromMemory(new float[3 * 8 * 16 * 128], [3, 8, 16, 128]);
        using var cnn = OrtValue.CreateTensorValueFromMemory(new float[3 * 512 * 14], [3, 1, 512, 14]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["chunk", "offset", "att_cache", "cnn_cache"], [chunkValue, offset, att, cnn], ["output"]);
        Assert.True(features.Row(0).SequenceEqual(outputs[0].GetTensorDataAsSpan<float>()));
    }

    [Fact]
    public void Chunk_count_is_20_per_second()
    {
        Assert.Equal(20, WenetFeatureExtractor.ChunkCount(16000));
        Assert.Equal(400, WenetFeatureExtractor.ChunkCount(16000 * 20));
        Assert.Equal(0, WenetFeatureExtractor.ChunkCount(0));
    }

    [Fact]
    public void Alignment_interpolates_20Hz_rows_at_0_8_i()
    {
        // rows hold their own index, so the aligned value is the interpolation position
        const int rowLength = 3;
        var rows = Enumerable.Range(0, 10).SelectMany(r => Enumerable.Repeat((float)r, rowLength)).ToArray();

        var aligned = WenetFeatureExtractor.AlignTo25Fps(rows, rowLength, 15);

        for (int i = 0; i < 15; i++)
        {
            float expected = i * 0.8f >= 10 ? 0 : Math.Min(i * 0.8f, 9);
            Assert.Equal(expected, aligned[i * rowLength], 5);
        }
        Assert.Equal(0f, aligned[13 * rowLength]); // position 10.4: past the audio
        Assert.Equal(9f, aligned[12 * rowLength], 5); // position 9.6: last row
    }
}
