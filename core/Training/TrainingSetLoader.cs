using System.Runtime.ExceptionServices;
using ATSync.Core.Datasets;
using ATSync.Core.Faces;
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
    public static TrainingSet Load(PersonDataset dataset, IReadOnlyCollection<int> heldOut,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var crops = new byte[(long)dataset.FrameCount * TrainingSet.CropBytes];
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
                progress?.Report(new StageProgress("load", Interlocked.Increment(ref done), dataset.FrameCount));
            });
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return new TrainingSet(crops, dataset.Features, heldOut);
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
