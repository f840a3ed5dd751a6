using ATSync.Core.Faces.Dlib;
using ATSync.Core.Faces.Onnx;

namespace ATSync.Core.Faces;

/// <summary>
/// Builds the face pipeline from the CLI's options: <c>--face_detector haar|PATH.onnx</c> (an ONNX file = YuNet) and
/// <c>--landmarks dlib68|PATH.onnx</c> (an ONNX file = a 68-point model with the Peppa slim_160 signature).
/// The defaults use only files from Debian packages: nothing is downloaded.
/// </summary>
public static class FacePipelineFactory
{
    public const string Haar = "haar";
    public const string Dlib68 = "dlib68";

    /// <exception cref="ArgumentException">An option is neither a known name nor an .onnx path.</exception>
    /// <exception cref="FileNotFoundException">A model file does not exist.</exception>
    /// <exception cref="InvalidDataException">A model file is unreadable or not the expected kind of model.</exception>
    public static FacePipeline Create(string detector = Haar, string landmarks = Dlib68)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(detector);
        ArgumentException.ThrowIfNullOrWhiteSpace(landmarks);
        IFaceDetector faceDetector = CreateDetector(detector);
        try
        {
            // dlib's predictor needs to know which detector's box convention to undo.
            var calibration = faceDetector is YuNetFaceDetector ? DlibBoxCalibration.YuNet : DlibBoxCalibration.HaarFrontalFace;
            return new FacePipeline(faceDetector, CreateLandmarks(landmarks, calibration));
        }
        catch
        {
            faceDetector.Dispose();
            throw;
        }
    }

    public static IFaceDetector CreateDetector(string detector)
    {
        if (detector.Equals(Haar, StringComparison.OrdinalIgnoreCase)) return new HaarFaceDetector();
        if (IsOnnxPath(detector)) return new YuNetFaceDetector(detector);
        throw new ArgumentException($"Unknown face detector '{detector}': use '{Haar}' or the path of a YuNet .onnx model.", nameof(detector));
    }

    /// <param name="landmarks"><c>dlib68</c> or the path of a 68-point .onnx model.</param>
    /// <param name="calibration">For dlib68: the box convention of the face detector used (default: Haar).</param>
    public static ILandmarkDetector CreateLandmarks(string landmarks, DlibBoxCalibration? calibration = null)
    {
        if (landmarks.Equals(Dlib68, StringComparison.OrdinalIgnoreCase)) return new DlibShapePredictor(calibration: calibration);
        if (IsOnnxPath(landmarks)) return new OnnxLandmarkDetector(landmarks);
        throw new ArgumentException($"Unknown landmark model '{landmarks}': use '{Dlib68}' or the path of a 68-point .onnx model.", nameof(landmarks));
    }

    private static bool IsOnnxPath(string value) => value.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
}
