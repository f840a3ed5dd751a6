using ATSync.Core.Datasets;
using ATSync.Core.Faces;
using OpenCvSharp;

namespace ATSync.Core.Inference;

/// <summary>
/// The person's video as inference reads it: every 25 fps frame kept as a JPEG (in memory after decoding, or the
/// dataset's files on disk) with its face crop. JPEG keeps a clip small (a 450x450 frame is ~40 kB instead of
/// 600 kB raw) and a frame decodes in well under a millisecond; it is also how the model saw its training frames.
/// Videos longer than <see cref="InMemoryFrameLimit"/> frames keep their JPEGs in a temporary folder instead, deleted
/// on <see cref="Dispose"/>, so memory stays bounded whatever the length.
/// </summary>
public sealed class SourceClip : IDisposable
{
    /// <summary>5 minutes at 25 fps: ~300 MB of JPEGs for a 450x450 face video.</summary>
    public const int InMemoryFrameLimit = 7500;

    private readonly Func<int, byte[]> _jpeg;
    private readonly string? _temporaryFolder;

    internal SourceClip(int width, int height, FaceCropRegion[] crops, IReadOnlyList<Point2f[]> landmarks, Func<int, byte[]> jpeg,
        double faceCoverage, int facesFound, string? datasetDirectory, string? temporaryFolder = null)
    {
        Landmarks = landmarks;
        _temporaryFolder = temporaryFolder;
        Width = width;
        Height = height;
        Crops = crops;
        _jpeg = jpeg;
        FaceCoverage = faceCoverage;
        FacesFound = facesFound;
        DatasetDirectory = datasetDirectory;
    }

    public int Width { get; }
    public int Height { get; }
    public int FrameCount => Crops.Count;

    /// <summary>The face crop of each frame, inside the frame.</summary>
    public IReadOnlyList<FaceCropRegion> Crops { get; }

    /// <summary>Each frame's landmarks in full-frame pixels (iBUG-68 for decoded videos and our datasets).</summary>
    public IReadOnlyList<Point2f[]> Landmarks { get; }

    /// <summary>The fraction of frames where a face was found (the others were filled from neighbours).</summary>
    public double FaceCoverage { get; }

    public int FacesFound { get; }

    /// <summary>The temporary folder holding the frames of a long video (deleted on Dispose); null when in memory.</summary>
    public string? FrameFolder => _temporaryFolder;

    /// <summary>The processed dataset whose frames and landmarks were reused; null when the video was decoded.</summary>
    public string? DatasetDirectory { get; }

    /// <summary>Frame <paramref name="index"/> as a new CV_8UC3 Mat that the caller owns.</summary>
    public Mat Decode(int index)
    {
        var frame = Cv2.ImDecode(_jpeg(index), ImreadModes.Color);
        if (frame.Empty() || frame.Width != Width || frame.Height != Height)
        {
            frame.Dispose();
            throw new InvalidDataException(DatasetDirectory is null
                ? $"source frame {index} could not be decoded"
                : $"{new DatasetLayout(DatasetDirectory).FramePath(index)} is unreadable or not {Width}x{Height}");
        }
        return frame;
    }

    public void Dispose()
    {
        if (_temporaryFolder is null) return;
        try
        {
            Directory.Delete(_temporaryFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is under the system's temporary folder.
        }
    }

    /// <summary>
    /// The source frame shown at output frame <paramref name="outputFrame"/>: the clip plays forward, then backward,
    /// then forward again (0, 1, .., n-1, n-2, .., 1, 0, 1, ..), so a clip shorter than the audio never jumps.
    /// </summary>
    public static int PingPong(int outputFrame, int sourceFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outputFrame);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceFrames, 1);
        if (sourceFrames == 1) return 0;
        int period = 2 * (sourceFrames - 1), k = outputFrame % period;
        return k < sourceFrames ? k : period - k;
    }
}
