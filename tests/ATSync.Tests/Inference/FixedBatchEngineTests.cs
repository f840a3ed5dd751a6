using ATSync.Core.Audio;
using ATSync.Core.Inference;
using ATSync.Core.Model;
using ATSync.Tests.Support;

namespace ATSync.Tests.Inference;

[Collection(TorchRandomCollection.Name)]
public sealed class FixedBatchEngineTests
{
    private const int FaceFloats = 6 * 160 * 160;
    private const int OutputFloats = 3 * 160 * 160;

    [Fact]
    public void Runs_only_full_slices_and_returns_what_the_engine_gives_for_the_whole_batch()
    {
        var audioFloats = AudioFeatureWindow.InputShape(AudioFeatureKind.Mel).Aggregate(1, (a, b) => a * b);
        const int batch = 6;
        var random = new Random(3);
        var face = Enumerable.Range(0, batch * FaceFloats).Select(_ => random.NextSingle()).ToArray();
        var audio = Enumerable.Range(0, batch * audioFloats).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        // Two engines over the same weights, copied (re-seeding the global generator raced with tests running beside
        // this one, which drew from it in between: a CI run saw the two models differ).
        var first = new LipSyncNet(AudioFeatureKind.Mel);
        var second = new LipSyncNet(AudioFeatureKind.Mel);
        second.load_state_dict(first.state_dict());
        using var plain = new TorchLipSyncEngine(first);
        var recorder = new BatchRecorder(new TorchLipSyncEngine(second));
        using var sliced = new FixedBatchEngine(recorder, audioFloats, sliceSize: 4);

        var whole = new float[batch * OutputFloats];
        plain.Run(face, audio, batch, whole);
        var output = new float[batch * OutputFloats];
        sliced.Run(face, audio, batch, output);

        Assert.Equal([4, 4], recorder.Batches); // 6 = a full slice + 2 padded to 4
        var maxDiff = whole.Zip(output, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff < 1e-4, $"sliced output differs from the whole batch's by {maxDiff}");
        Assert.Equal(InferenceEngine.Torch, sliced.Kind);
    }

    /// <summary>Passes every call through to a real engine and remembers the batch sizes it was given.</summary>
    private sealed class BatchRecorder(ILipSyncEngine inner) : ILipSyncEngine
    {
        public List<int> Batches { get; } = [];

        public InferenceEngine Kind => inner.Kind;

        public void Run(ReadOnlySpan<float> face, ReadOnlySpan<float> audio, int batch, Span<float> output)
        {
            Batches.Add(batch);
            inner.Run(face, audio, batch, output);
        }

        public void Dispose() => inner.Dispose();
    }
}
