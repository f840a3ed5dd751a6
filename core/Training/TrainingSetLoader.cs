using System.Runtime.ExceptionServices;
using ATSync.Core.Datasets;
using ATSync.Core.Faces;
using ATSync.Core.Model;
using ATSync.Core.Mouth;
using ATSync.Core.Progress;
using OpenCvSharp;

namespace ATSync.Core.Training;

/// <summary>
/// Decodes and crops every frame of a processed dataset once, in parallel, into the compact in-memory
/// <see cref="TrainingSet"/> (160x160 uint8 planar BGR per frame: a 3-minute video is ~350 MB), so training never
/// touches a JPEG again.
/// </summary>
public static class TrainingSetLoader
{
    /// <param name="mouthShape">CPU profile: the fitted mouth-shape model, whose predictions are drawn for validation
    /// (with the frames' own mouth points drawn for training); null for the reference profile.</param>
    /// <param name="references">How reference frames are picked; <see cref="ReferenceChoice.Pose"/> needs iBUG-68 landmarks.</param>
    public static TrainingSet Load(PersonDataset dataset, IReadOnlyCollection<int> heldOut,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default,
        ModelProfile profile = ModelProfile.Reference, MouthShapeModel? mouthShape = null,
        ReferenceChoice references = ReferenceChoice.Random)
    {
        if (references == ReferenceChoice.Pose && dataset.Scheme != LandmarkScheme.Ibug68)
            throw new ArgumentException($"pose references need iBUG-68 landmarks, but {dataset.Layout.Directory} has {dataset.Scheme} ones: train with --references random");
        if (profile == ModelProfile.Cpu && mouthShape is null)
            throw new ArgumentException("the CPU profile needs the person's mouth-shape model");
        var crops = new byte[(long)dataset.FrameCount * TrainingSet.CropBytes];
        const int sketchBytes = TrainingSet.CropSize * TrainingSet.CropSize;
        var sketches = mouthShape is null ? null : new byte[(long)dataset.FrameCount * sketchBytes];
        var predicted = mouthShape is null ? null : new byte[(long)dataset.FrameCount * sketchBytes];
        var mask = MouthMask.For(profile);
        var cropLandmarks = new Point2f[dataset.FrameCount][];
        var done = 0;
        try
        {
            Parallel.For(0, dataset.FrameCount, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var path = dataset.Layout.FramePath(i);
                using var frame = Cv2.ImRead(path, ImreadModes.Color);
                if (frame.Empty()) throw new InvalidDataException($"{path}: not a readable image");
                var region = FaceCropRegion.FromLandmarks(dataset.Landmarks[i], dataset.Scheme).Within(frame.Width, frame.Height);
                using var crop = region.CutNetworkInput(frame);
                WritePlanar(crop, crops.AsSpan(i * TrainingSet.CropBytes, TrainingSet.CropBytes));
                var inCrop = CropLandmarks.FromFrame(dataset.Landmarks[i], region);
                cropLandmarks[i] = inCrop;
                if (mouthShape is not null)
                {
                    using var own = MouthSketch.Draw(MouthPoints.Select(inCrop), mask);
                    using var fromAudio = MouthSketch.Draw(mouthShape.Predict(dataset.Features, i, inCrop), mask);
                    own.GetArray(out byte[] ownBytes);
                    fromAudio.GetArray(out byte[] audioBytes);
                    ownBytes.CopyTo(sketches.AsSpan(i * sketchBytes, sketchBytes));
                    audioBytes.CopyTo(predicted.AsSpan(i * sketchBytes, sketchBytes));
                }
                progress?.Report(new StageProgress("load", Interlocked.Increment(ref done), dataset.FrameCount));
            });
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        var held = heldOut.ToHashSet();
        var poseNeighbours = references == ReferenceChoice.Pose
            ? new PoseNeighbours(cropLandmarks, Enumerable.Range(0, dataset.FrameCount).Where(i => !held.Contains(i)).ToArray())
            : null;
        return new TrainingSet(crops, dataset.Features, heldOut, profile, sketches, predicted, poseNeighbours);
    }

    /// <summary>HWC interleaved BGR -> CHW planar BGR (the network's layout).</summary>
    private static unsafe void WritePlanar(Mat crop, Span<byte> destination)
    {
        var side = TrainingSet.CropSize;
        var plane = side * side;
        var source = new ReadOnlySpan<byte>((void*)crop.Data, (int)(crop.Step() * side));
        for (var y = 0; y < side; y++)
        {
            var row = source.Slice((int)(y * crop.Step()), side * 3);
            var offset = y * side;
            for (var x = 0; x < side; x++)
            {
                destination[offset + x] = row[x * 3];
                destination[plane + offset + x] = row[x * 3 + 1];
                destination[2 * plane + offset + x] = row[x * 3 + 2];
            }
        }
    }
}
