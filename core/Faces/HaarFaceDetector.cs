using OpenCvSharp;

namespace ATSync.Core.Faces;

/// <summary>
/// OpenCV's Viola-Jones frontal-face cascade (Debian's opencv-data), run on a downscaled, equalised grayscale copy
/// for speed. Returns the largest face in full-frame pixels. CascadeClassifier is not thread-safe, so each thread
/// gets its own.
/// </summary>
public sealed class HaarFaceDetector : IFaceDetector
{
    private readonly ThreadLocal<CascadeClassifier> _classifiers;

    /// <param name="cascadePath">A Haar cascade XML file; null: <see cref="FaceDataPaths.HaarFrontalFace"/>.</param>
    /// <param name="detectionSide">The shorter frame side is scaled down to this many pixels before detection.</param>
    /// <param name="scaleFactor">The step between the cascade's window sizes; larger is faster but misses more.</param>
    public HaarFaceDetector(string? cascadePath = null, int detectionSide = 160, double scaleFactor = 1.15)
    {
        cascadePath ??= FaceDataPaths.HaarFrontalFace;
        ArgumentOutOfRangeException.ThrowIfLessThan(detectionSide, 48);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(scaleFactor, 1.0);
        if (!File.Exists(cascadePath))
            throw new FileNotFoundException($"Haar cascade '{cascadePath}' not found (install the Debian package opencv-data).", cascadePath);
        // Load once here so a bad file fails at construction, not on a worker thread later.
        using (var probe = Load(cascadePath)) { }
        CascadePath = cascadePath;
        DetectionSide = detectionSide;
        ScaleFactor = scaleFactor;
        _classifiers = new ThreadLocal<CascadeClassifier>(() => Load(cascadePath), trackAllValues: true);
    }

    public string CascadePath { get; }

    public int DetectionSide { get; }

    public double ScaleFactor { get; }

    public FaceBox? Detect(Mat bgrFrame)
    {
        ArgumentNullException.ThrowIfNull(bgrFrame);
        if (bgrFrame.Empty()) throw new ArgumentException("the frame is empty", nameof(bgrFrame));
        double scale = Math.Min(1.0, (double)DetectionSide / Math.Min(bgrFrame.Width, bgrFrame.Height));
        using var gray = new Mat();
        if (bgrFrame.Channels() == 1) bgrFrame.CopyTo(gray);
        else Cv2.CvtColor(bgrFrame, gray, bgrFrame.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        using var small = new Mat();
        if (scale < 1) Cv2.Resize(gray, small, new Size(), scale, scale, InterpolationFlags.Area);
        else gray.CopyTo(small);
        Cv2.EqualizeHist(small, small);

        // A talking-head face is rarely under a sixth of the shorter side; the cascade's window is 24 pixels.
        int minSide = Math.Max(24, Math.Min(small.Width, small.Height) / 6);
        Rect[] faces = _classifiers.Value!.DetectMultiScale(small, ScaleFactor, 4, HaarDetectionTypes.ScaleImage, new Size(minSide, minSide));
        if (faces.Length == 0) return null;
        Rect best = faces.MaxBy(f => f.Width * f.Height);
        float inv = (float)(1 / scale);
        return new FaceBox(best.X * inv, best.Y * inv, best.Width * inv, best.Height * inv, 1f);
    }

    private static CascadeClassifier Load(string path)
    {
        var classifier = new CascadeClassifier();
        if (!classifier.Load(path) || classifier.Empty())
        {
            classifier.Dispose();
            throw new InvalidDataException($"'{path}' is not a readable OpenCV cascade classifier XML file.");
        }
        return classifier;
    }

    public void Dispose()
    {
        foreach (var classifier in _classifiers.Values) classifier.Dispose();
        _classifiers.Dispose();
    }
}
