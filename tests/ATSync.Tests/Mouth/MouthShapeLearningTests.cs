using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Core.Mouth;
using ATSync.Core.Training;
using ATSync.Tests.Support;
using Xunit.Abstractions;

namespace ATSync.Tests.Mouth;

/// <summary>
/// The CPU profile's first stage learns the audio -> mouth mapping of a real person (obama_20s): on the held-out last
/// 20 % its predicted inner-lip gap follows the real one, and clearly better than the same fit with the audio windows
/// shuffled across frames (the control) or an untrained model (a constant mouth). The fit is closed-form in double
/// precision, so these figures are the same on AVX2 and AVX-512 machines.
/// </summary>
public sealed class MouthShapeLearningTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task HeldOutMouthOpeningFollowsTheAudioAndTheShuffledControlDoesNot()
    {
        var video = SharedAssets.Media("obama_20s.mp4");
        using var temp = new TempDirectory();
        await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(video, temp.Path);
        var dataset = await DatasetReader.ReadAsync(temp.Path);
        var landmarks = CropLandmarks.ForDataset(dataset);
        var heldOut = HoldoutSplit.Tail(dataset.FrameCount, 0.2);
        var train = Enumerable.Range(0, dataset.FrameCount).Except(heldOut).ToArray();

        var inputs = train.Select(f => MouthShapeInput.For(dataset.Features, f)).ToArray();
        var targets = train.Select(f => MouthPoints.Offsets(landmarks[f])).ToArray();
        var testInputs = heldOut.Select(f => MouthShapeInput.For(dataset.Features, f)).ToArray();
        var testTargets = heldOut.Select(f => MouthPoints.Offsets(landmarks[f])).ToArray();

        var model = MouthShapeFitter.Fit(AudioFeatureKind.Mel, inputs, targets);
        var (error, r) = MouthShapeFitter.Score(model, testInputs, testTargets);

        // Control: every training frame gets another frame's (whole) audio window; the targets stay.
        var permutation = Enumerable.Range(0, inputs.Length).ToArray();
        new Random(5).Shuffle(permutation);
        var shuffled = MouthShapeFitter.Fit(AudioFeatureKind.Mel, permutation.Select(i => inputs[i]).ToArray(), targets);
        var (shuffledError, shuffledR) = MouthShapeFitter.Score(shuffled, testInputs, testTargets);

        // Untrained: no coefficients, the mean mouth for every frame.
        var untrained = model with { Coefficients = new float[model.Coefficients.Length] };
        var (untrainedError, untrainedR) = MouthShapeFitter.Score(untrained, testInputs, testTargets);

        output.WriteLine($"trained:  opening r {r:F3}, point error {error:F2} (% of eye-corner distance) (width {model.Width}, lambda {model.Lambda})");
        output.WriteLine($"shuffled: opening r {shuffledR:F3}, point error {shuffledError:F2}");
        output.WriteLine($"untrained: opening r {untrainedR:F3}, point error {untrainedError:F2}");
        Assert.True(r >= 0.45, $"held-out opening correlation {r:F3} (measured 0.60 when written)");
        Assert.True(r - shuffledR >= 0.2, $"the shuffled-audio control scores {shuffledR:F3}, not clearly below {r:F3}");
        Assert.Equal(0, untrainedR);
        Assert.True(error < untrainedError, $"point error {error:F2} (% of eye-corner distance) is not below the constant mouth's {untrainedError:F2} px");
    }

    [Fact]
    public void TheModelRoundTripsThroughItsFileAndPredictsTheSame()
    {
        var random = new Random(2);
        var kind = AudioFeatureKind.Mel;
        var inputs = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 13 * 20).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var targets = inputs.Select(x => Enumerable.Range(0, 2 * MouthPoints.Moving.Count).Select(j => (double)(x[j % x.Length] * 10 + j)).ToArray()).ToArray();
        var model = MouthShapeFitter.Fit(kind, inputs, targets);
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, MouthShapeModel.FileName);
        model.Write(path);
        var read = MouthShapeModel.Read(path);
        Assert.Equal(model.PredictOffsets(inputs[3]), read.PredictOffsets(inputs[3]));
        // A model written before the gain existed predicts the regression as it is (gain 1).
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal(MouthShapeFitter.Gain, (double)json["gain"]!);
        json.Remove("gain");
        File.WriteAllText(path, json.ToJsonString());
        var old = MouthShapeModel.Read(path);
        Assert.Equal(1, old.Gain);
        var mean = model.OutputMean;
        var withGain = model.PredictOffsets(inputs[3]);
        var withoutGain = old.PredictOffsets(inputs[3]);
        for (var j = 0; j < mean.Length; j++) Assert.Equal(withGain[j] - mean[j], MouthShapeFitter.Gain * (withoutGain[j] - mean[j]), 1e-4);
        File.WriteAllText(path, "{\"audio\":\"mel\"}");
        Assert.ThrowsAny<Exception>(() => MouthShapeModel.Read(path));
    }
}
