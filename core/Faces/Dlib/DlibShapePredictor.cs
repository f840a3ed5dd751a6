using OpenCvSharp;

namespace ATSync.Core.Faces.Dlib;

/// <summary>
/// dlib's 68-point shape predictor (the .dat of Debian's libdlib-data), evaluated in our own code.
/// dlib's model was trained on boxes of dlib's HOG detector, which sit lower and tighter than other detectors' boxes.
/// <see cref="Detect"/> therefore (1) maps the given box to a dlib-like box with a calibrated scale and offset and
/// (2) re-runs the predictor on the box that best explains the first pass's landmarks (the box for which the model's
/// mean shape fits them), which makes the result nearly independent of the detector's box convention.
/// </summary>
public sealed class DlibShapePredictor : ILandmarkDetector, ILandmarkTracker
{
    private readonly DlibShapePredictorModel _model;

    /// <summary>Loads the predictor file (about 0.5 s for the 100 MB 68-point model).</summary>
    /// <exception cref="InvalidDataException">The file is not a dlib shape predictor.</exception>
    public DlibShapePredictor(string? path = null, DlibBoxCalibration? calibration = null, int refinementPasses = 1)
        : this(DlibShapePredictorReader.Load(path ??= FaceDataPaths.Dlib68Predictor), calibration, refinementPasses)
    {
        if (_model.PointCount != 68)
            throw new InvalidDataException($"'{path}' predicts {_model.PointCount} points; ATSync needs the 68-point iBUG model.");
    }

    internal DlibShapePredictor(DlibShapePredictorModel model, DlibBoxCalibration? calibration, int refinementPasses)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(refinementPasses);
        _model = model;
        Calibration = calibration ?? DlibBoxCalibration.HaarFrontalFace;
        RefinementPasses = refinementPasses;
    }

    public int PointCount => _model.PointCount;

    public DlibBoxCalibration Calibration { get; }

    public int RefinementPasses { get; }

    internal DlibShapePredictorModel Model => _model;

    /// <summary>Landmarks in full-frame pixels for a detector box (calibrated, then refined).</summary>
    public Point2f[] Detect(Mat bgrFrame, FaceBox box)
    {
        Span<float> shape = stackalloc float[2 * _model.PointCount];
        Rect2f dlibBox = Calibration.ToDlibBox(box);
        PredictInto(bgrFrame, dlibBox, shape);
        for (int pass = 0; pass < RefinementPasses; pass++)
        {
            dlibBox = BoxExplaining(shape);
            PredictInto(bgrFrame, dlibBox, shape);
        }
        return ToPoints(shape);
    }

    /// <summary>One pass on the box that best explains the previous frame's landmarks: as good as the refinement pass
    /// of <see cref="Detect"/> when the face moved little.</summary>
    public Point2f[] Track(Mat bgrFrame, ReadOnlySpan<Point2f> previous) => Predict(bgrFrame, BoxExplaining(previous));

    /// <summary>Exactly dlib's prediction for a dlib rectangle (left, top, width, height in pixels).</summary>
    public Point2f[] Predict(Mat bgrFrame, Rect2f dlibBox)
    {
        Span<float> shape = stackalloc float[2 * _model.PointCount];
        PredictInto(bgrFrame, dlibBox, shape);
        return ToPoints(shape);
    }

    /// <summary>The dlib-like box whose normalised mean shape best fits these landmarks (least squares, no rotation).</summary>
    public Rect2f BoxExplaining(ReadOnlySpan<Point2f> landmarks)
    {
        Span<float> shape = stackalloc float[2 * landmarks.Length];
        for (int i = 0; i < landmarks.Length; i++) { shape[2 * i] = landmarks[i].X; shape[2 * i + 1] = landmarks[i].Y; }
        return BoxExplaining(shape);
    }

    private Rect2f BoxExplaining(ReadOnlySpan<float> shape)
    {
        var (scale, x, y) = SimilarityTransform.FitScaleOffset(_model.InitialShape, shape);
        // dlib maps the normalised 0..1 to left..right with right = left + width - 1.
        return new Rect2f(x, y, scale + 1, scale + 1);
    }

    private void PredictInto(Mat bgrFrame, Rect2f box, Span<float> shape)
    {
        ArgumentNullException.ThrowIfNull(bgrFrame);
        float left = box.X, top = box.Y, right = box.X + box.Width - 1, bottom = box.Y + box.Height - 1;
        DlibShapeEvaluator.Predict(_model, bgrFrame, left, top, right, bottom, shape);
        // dlib's unnormalising transform: 0..1 spans left..right and top..bottom.
        for (int i = 0; i < shape.Length; i += 2)
        {
            shape[i] = left + shape[i] * (right - left);
            shape[i + 1] = top + shape[i + 1] * (bottom - top);
        }
    }

    private static Point2f[] ToPoints(ReadOnlySpan<float> shape)
    {
        var points = new Point2f[shape.Length / 2];
        for (int i = 0; i < points.Length; i++) points[i] = new Point2f(shape[2 * i], shape[2 * i + 1]);
        return points;
    }

    public void Dispose()
    {
    }
}
