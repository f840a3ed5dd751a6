using ATSync.Core.Datasets;
using ATSync.Core.Faces;
using ATSync.Core.Media;
using ATSync.Core.Progress;
using ATSync.Core.Training;
using OpenCvSharp;

namespace ATSync.Core.Inference;

/// <summary>
/// Gets the person's frames and face crops for inference: from the model's own processed dataset when the video is
/// the one it was made from (same sha256) and that folder still exists, else by decoding the video and finding the
/// landmarks as `atsync process` does (runs of frames per worker, detector on each run's first frame, tracking after;
/// then gap filling and smoothing).
/// </summary>
public static class SourceClipLoader
{
    private const int JpegQuality = 95;

    /// <param name="inMemoryFrameLimit">Longer videos keep their frames in a temporary folder (see <see cref="SourceClip"/>).</param>
    public static async Task<SourceClip> LoadAsync(string videoPath, ModelCard? card, string faceDetector, string landmarks,
        IProgress<StageProgress>? progress, CancellationToken cancellationToken, int inMemoryFrameLimit = SourceClip.InMemoryFrameLimit,
        MediaLimits? limits = null)
    {
        var info = (limits ?? MediaLimits.Default).CheckRenderVideo(await MediaProbe.ProbeAsync(videoPath, cancellationToken));
        var reader = VideoFrameReader.FromProbe(info);
        if (card is not null && await TryDatasetAsync(videoPath, card, cancellationToken) is { } reused) return reused;

        using var faces = FacePipelineFactory.Create(faceDetector, landmarks);
        string? spill = reader.FrameCount > inMemoryFrameLimit
            ? Directory.CreateTempSubdirectory("atsync-infer-frames-").FullName
            : null;
        try
        {
            var (jpegs, detections) = await AnalyseAsync(reader, faces, spill, progress, cancellationToken);
            var track = LandmarkTrack.Build(detections, LandmarkScheme.Ibug68, cancellationToken: cancellationToken);
            Func<int, byte[]> read = spill is null ? i => jpegs[i]! : i => File.ReadAllBytes(SpillPath(spill, i));
            var smoothed = Enumerable.Range(0, track.FrameCount).Select(i => track[i]).ToArray();
            return new SourceClip(reader.Width, reader.Height, track.Crops(reader.Width, reader.Height), smoothed, read,
                track.Coverage, detections.Count(d => d is not null), null, spill);
        }
        catch
        {
            if (spill is not null) Directory.Delete(spill, recursive: true);
            throw;
        }
    }

    private static string SpillPath(string folder, int index) => Path.Combine(folder, $"{index}.jpg");

    private static async Task<SourceClip?> TryDatasetAsync(string videoPath, ModelCard card, CancellationToken cancellationToken)
    {
        var directory = card.Dataset.Directory;
        if (!SourceFingerprint.IsSha256(card.Dataset.Fingerprint) || !Directory.Exists(directory)) return null;
        var sha = await SourceFingerprint.Sha256Async(videoPath, cancellationToken);
        if (card.Dataset.Fingerprint != SourceFingerprint.FromSha256(sha)) return null;
        PersonDataset dataset;
        try
        {
            dataset = await DatasetReader.ReadAsync(directory, card.Asr, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return null; // The folder changed since training: decoding the video is always possible.
        }
        using var first = Cv2.ImRead(dataset.Layout.FramePath(0), ImreadModes.Color);
        if (first.Empty()) return null;
        int width = first.Width, height = first.Height;
        var crops = dataset.Landmarks.Select(l => FaceCropRegion.FromLandmarks(l, dataset.Scheme).Within(width, height)).ToArray();
        double coverage = dataset.Manifest?.Faces.Coverage ?? 1;
        int found = dataset.Manifest is { } m ? dataset.FrameCount - m.Faces.FramesFilled : dataset.FrameCount;
        return new SourceClip(width, height, crops, dataset.Landmarks, i => File.ReadAllBytes(dataset.Layout.FramePath(i)), coverage, found,
            dataset.Layout.Directory);
    }

    /// <summary>
    /// Decodes every frame in order; one worker per core JPEG-encodes runs of frames (kept in memory, or written to
    /// <paramref name="spill"/>) and tracks the face.
    /// </summary>
    private static async Task<(byte[]?[] Jpegs, Point2f[]?[] Detections)> AnalyseAsync(VideoFrameReader reader, FacePipeline faces,
        string? spill, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        int expected = reader.FrameCount;
        var jpegs = new byte[spill is null ? expected : 0][];
        var detections = await VideoFaceScanner.ScanAsync(reader, faces, JpegQuality, Environment.ProcessorCount,
            async (index, jpeg, token) =>
            {
                if (spill is null) jpegs[index] = jpeg;
                else await File.WriteAllBytesAsync(SpillPath(spill, index), jpeg, token);
            },
            "faces", progress, cancellationToken);
        return (jpegs, detections);
    }
}
