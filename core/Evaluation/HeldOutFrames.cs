using ATSync.Core.Datasets;
using ATSync.Core.Training;

namespace ATSync.Core.Evaluation;

/// <summary>
/// Which frames `atsync eval` scores: the tail the model card says no training run ever saw
/// (<see cref="ModelCard.DatasetInfo.HeldOutFrames"/>), or a shorter tail on request. A longer tail than the card's,
/// a card from another dataset, or a card with nothing held out is refused: scoring frames the model trained on
/// would flatter it.
/// </summary>
public sealed record HeldOutFrames(int First, int Count)
{
    public int Last => First + Count - 1;

    public IEnumerable<int> Indices => Enumerable.Range(First, Count);

    public bool Contains(int frame) => frame >= First && frame <= Last;

    /// <param name="card">The model card beside the model; null when there is none.</param>
    /// <param name="requestedTail">--holdout_tail, or null to take the card's.</param>
    /// <param name="warnings">Receives what the user should know but does not stop the evaluation.</param>
    /// <exception cref="InvalidDataException">The card and dataset disagree, or there is nothing safe to score.</exception>
    public static HeldOutFrames Resolve(PersonDataset dataset, ModelCard? card, string modelPath, double? requestedTail, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        int frames = dataset.FrameCount;
        int? requested = requestedTail is { } tail ? HoldoutSplit.Tail(frames, tail).Length : null;
        int count;
        if (card is null)
        {
            if (requested is null)
                throw new InvalidDataException(
                    $"no {ModelCard.FileName} beside {modelPath}: which frames were held out of training is unknown; give --holdout_tail (the value `atsync train` used)");
            count = requested.Value;
            warnings.Add($"no {ModelCard.FileName} beside the model: frames {frames - count}..{frames - 1} are assumed held out (--holdout_tail {requestedTail}), which cannot be checked");
        }
        else
        {
            if (card.Dataset.Fingerprint != dataset.Fingerprint)
                throw new InvalidDataException(
                    $"{modelPath} was trained on dataset {card.Dataset.Directory} ({card.Dataset.Fingerprint}), not {dataset.Layout.Directory} ({dataset.Fingerprint}): evaluate a model on its own dataset");
            if (card.Dataset.Frames != frames)
                throw new InvalidDataException(
                    $"{modelPath} was trained on {card.Dataset.Frames} frames but {dataset.Layout.Directory} has {frames}: the dataset changed since training");
            int held = card.Dataset.HeldOutFrames;
            if (held <= 0)
                throw new InvalidDataException(
                    $"{ModelCard.PathBeside(modelPath)} says no frames were held out of training: retrain with --holdout_tail 0.2 to evaluate");
            if (requested > held)
                throw new InvalidDataException(
                    $"--holdout_tail {requestedTail} asks for the last {requested} frames, but the model trained on frames up to {frames - held - 1} (its {ModelCard.FileName}): at most the last {held} frames can be evaluated");
            count = requested ?? held;
        }
        if (count <= 0)
            throw new InvalidDataException("no held-out frames to evaluate: train with --holdout_tail 0.2 (or give a --holdout_tail above 0)");
        if (count >= frames)
            throw new InvalidDataException($"all {frames} frames are held out: at least one training frame is needed as the reference");
        return new HeldOutFrames(frames - count, count);
    }
}
