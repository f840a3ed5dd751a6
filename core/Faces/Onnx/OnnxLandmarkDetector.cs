using ATSync.Core.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace ATSync.Core.Faces.Onnx;

/// <summary>
/// A 68-point iBUG landmark model in ONNX with the Peppa "slim_160" signature: input <c>input1</c> [1,3,160,160]
/// (the box expanded by 20% per side, BGR, (x - 127) / 127), output <c>output1</c> [1,143] whose first 136 values are
/// the 68 (x, y) pairs normalised to the crop.
/// </summary>
public sealed class OnnxLandmarkDetector : ILandmarkDetector
{
    private const int InputSide = 160;
    private const float BoxExpansion = 0.2f;

    private readonly InferenceSession _session;

    public OnnxLandmarkDetector(string modelPath)
    {
        using var options = FaceModelSession.Options();
        _session = OnnxModelContract.Float("68-point landmark", [("input1", [1, 3, InputSide, InputSide])], [("output1", [1, 143])])
            .Open(modelPath, options);
        ModelPath = modelPath;
    }

    public string ModelPath { get; }

    public Point2f[] Detect(Mat bgrFrame, FaceBox box)
    {
        ArgumentNullException.ThrowIfNull(bgrFrame);
        if (bgrFrame.Empty() || bgrFrame.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"expected a non-empty 8-bit BGR frame, got {bgrFrame.Type()}", nameof(bgrFrame));

        float x0 = box.X - BoxExpansion * box.Width, y0 = box.Y - BoxExpansion * box.Height;
        float cw = box.Width * (1 + 2 * BoxExpansion), ch = box.Height * (1 + 2 * BoxExpansion);
        // Crop with an affine warp so a box reaching past the frame edge is padded with black, not clipped.
        using var crop = new Mat();
        using (var map = new Mat(2, 3, MatType.CV_64FC1))
        {
            map.Set(0, 0, InputSide / (double)cw); map.Set(0, 1, 0.0); map.Set(0, 2, -x0 * InputSide / (double)cw);
            map.Set(1, 0, 0.0); map.Set(1, 1, InputSide / (double)ch); map.Set(1, 2, -y0 * InputSide / (double)ch);
            Cv2.WarpAffine(bgrFrame, crop, map, new Size(InputSide, InputSide), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        }
        var input = new DenseTensor<float>([1, 3, InputSide, InputSide]);
        OnnxImageTensor.FillChw(crop, input.Buffer.Span, InputSide, InputSide, 1f / 127f, 127f);

        using var results = _session.Run([NamedOnnxValue.CreateFromTensor("input1", input)]);
        var output = results.First(r => r.Name == "output1").AsTensor<float>();
        var points = new Point2f[68];
        for (int i = 0; i < 68; i++)
            points[i] = new Point2f(x0 + output[0, 2 * i] * cw, y0 + output[0, 2 * i + 1] * ch);
        return points;
    }

    public void Dispose() => _session.Dispose();
}
