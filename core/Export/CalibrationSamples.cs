using ATSync.Core.Mouth;
using ATSync.Core.Datasets;
using ATSync.Core.Model;
using ATSync.Core.Training;

namespace ATSync.Core.Export;

/// <summary>
/// Network inputs for calibrating or checking a quantised model: <see cref="Count"/> faces [N, 6, 160, 160] and audio
/// windows [N, window...], row-major. Built from the person's own crops and features, as the model will see them at
/// inference (reference = the frame's own crop).
/// </summary>
public sealed record CalibrationSamples(float[] Face, float[] Audio, int Count)
{
    public int FaceLength => Face.Length / Count;
    public int AudioLength => Audio.Length / Count;

    /// <summary>Frames <paramref name="frames"/> of <paramref name="set"/>.</summary>
    public static CalibrationSamples FromTrainingSet(TrainingSet set, IReadOnlyList<int> frames)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (frames.Count == 0) throw new ArgumentException("calibration needs at least one frame", nameof(frames));
        using var batch = set.Batch(frames, frames);
        return new CalibrationSamples(
            batch.Face.contiguous().data<float>().ToArray(),
            batch.Audio.contiguous().data<float>().ToArray(),
            frames.Count);
    }

    /// <summary>
    /// <paramref name="count"/> frames spread evenly over a processed dataset (all its frames are decoded once), and
    /// as many different frames for checking, offset by half a step.
    /// </summary>
    public static async Task<(CalibrationSamples Calibration, CalibrationSamples Check)> FromDatasetAsync(string datasetDirectory,
        LipSyncNet model, int count, CancellationToken cancellationToken = default)
    {
        var dataset = await DatasetReader.ReadAsync(datasetDirectory, model.Audio, cancellationToken);
        // The CPU profile's inputs carry mouth sketches: calibration uses the frames' own (as training does); the loader
        // also draws predicted ones, for which a mouth-shape model fitted on the dataset serves (seconds, deterministic).
        var mouth = model.Profile == ModelProfile.Cpu
            ? MouthShapeFitter.Fit(dataset.Features, CropLandmarks.ForDataset(dataset), Enumerable.Range(0, dataset.FrameCount).ToArray(), cancellationToken)
            : null;
        using var set = TrainingSetLoader.Load(dataset, [], null, cancellationToken, model.Profile, mouth);
        var step = Math.Max(1.0, set.Count / (double)count);
        var calibration = Enumerable.Range(0, Math.Min(count, set.Count)).Select(i => (int)(i * step)).ToArray();
        var check = calibration.Select(i => Math.Min(set.Count - 1, i + (int)(step / 2))).ToArray();
        return (FromTrainingSet(set, calibration), FromTrainingSet(set, check));
    }

    /// <summary>Samples <paramref name="start"/> .. start+count-1.</summary>
    public CalibrationSamples Slice(int start, int count) => new(
        Face.AsSpan(start * FaceLength, count * FaceLength).ToArray(),
        Audio.AsSpan(start * AudioLength, count * AudioLength).ToArray(),
        count);
}
