using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Core.Evaluation;
using ATSync.Core.Faces;
using ATSync.Core.Training;

namespace ATSync.Tests.Evaluation;

/// <summary>Eval scores only frames the model card says were never trained on, and refuses anything else.</summary>
public class HeldOutFramesTests
{
    private const int Frames = 100;

    private static PersonDataset Dataset() => new(new DatasetLayout("/tmp/atsync-eval-dataset"), Frames, LandmarkScheme.Ibug68, [],
        new AudioFeatures(AudioFeatureKind.Mel, new float[Frames * 320], [Frames, 4, 80]), null);

    private static ModelCard Card(PersonDataset dataset, int heldOut, string? fingerprint = null) => new()
    {
        Asr = AudioFeatureKind.Mel,
        LandmarkScheme = LandmarkScheme.Ibug68,
        Parameters = 1,
        Dataset = new ModelCard.DatasetInfo(dataset.Layout.Directory, fingerprint ?? dataset.Fingerprint, null, Frames, heldOut),
        Training = new ModelCard.TrainingInfo(1, 1, 8, 1e-3, 1, 1, 1, 20, 0.5, 1, "cpu"),
        History = [],
    };

    [Fact]
    public void TheCardsTailIsEvaluatedAndNoneOfItIsATrainingFrame()
    {
        var dataset = Dataset();
        var warnings = new List<string>();
        var frames = HeldOutFrames.Resolve(dataset, Card(dataset, 20), "m.pth", null, warnings);
        Assert.Equal((80, 20), (frames.First, frames.Count));
        Assert.Empty(warnings);

        // The split `atsync train --holdout_tail 0.2` trains with (TrainingJob: HoldoutSplit.Tail -> TrainingSet).
        var crops = new byte[Frames * ATSync.Core.Training.TrainingSet.CropBytes];
        using var training = new TrainingSet(crops, dataset.Features, HoldoutSplit.Tail(Frames, 0.2));
        Assert.Empty(training.TrainFrames.Intersect(frames.Indices));
        Assert.Equal(Frames, training.TrainFrames.Count + frames.Count);

        var shorter = HeldOutFrames.Resolve(dataset, Card(dataset, 20), "m.pth", 0.1, warnings);
        Assert.Equal((90, 10), (shorter.First, shorter.Count));
    }

    [Fact]
    public void FramesTheModelTrainedOnAreRefused()
    {
        var dataset = Dataset();
        var longer = Assert.Throws<InvalidDataException>(() => HeldOutFrames.Resolve(dataset, Card(dataset, 5), "m.pth", 0.2, []));
        Assert.Contains("trained on frames up to 94", longer.Message);
        Assert.Contains("at most the last 5 frames", longer.Message);

        var none = Assert.Throws<InvalidDataException>(() => HeldOutFrames.Resolve(dataset, Card(dataset, 0), "m.pth", null, []));
        Assert.Contains("--holdout_tail 0.2", none.Message);

        var other = Assert.Throws<InvalidDataException>(() => HeldOutFrames.Resolve(dataset, Card(dataset, 20, "sha256:0123"), "m.pth", null, []));
        Assert.Contains("evaluate a model on its own dataset", other.Message);
    }

    [Fact]
    public void WithoutACardTheTailMustBeGivenAndIsFlaggedAsUnchecked()
    {
        var dataset = Dataset();
        var unknown = Assert.Throws<InvalidDataException>(() => HeldOutFrames.Resolve(dataset, null, "m.onnx", null, []));
        Assert.Contains("give --holdout_tail", unknown.Message);
        var warnings = new List<string>();
        var frames = HeldOutFrames.Resolve(dataset, null, "m.onnx", 0.1, warnings);
        Assert.Equal((90, 10), (frames.First, frames.Count));
        Assert.Contains("cannot be checked", Assert.Single(warnings));
        Assert.Throws<InvalidDataException>(() => HeldOutFrames.Resolve(dataset, null, "m.onnx", 0, []));
    }
}
