using ATSync.Core.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace ATSync.Core.Faces.Onnx;

/// <summary>
/// YuNet (libfacedetection, yunet_n_320_320.onnx) run with ONNX Runtime: the frame letterboxed into 320x320, raw BGR,
/// anchors decoded per stride, non-maximum suppression, the largest confident face returned.
/// </summary>
public sealed class YuNetFaceDetector : IFaceDetector
{
    private const int InputSide = 320;
    private static readonly int[] Strides = [8, 16, 32];

    private readonly InferenceSession _session;

    public YuNetFaceDetector(string modelPath, float scoreThreshold = 0.6f, float nmsThreshold = 0.3f)
    {
        var outputs = new List<(string, int[])>();
        foreach (int s in Strides)
        {
            int n = (InputSide / s) * (InputSide / s);
            outputs.Add(($"cls_{s}", [1, n, 1]));
            outputs.Add(($"obj_{s}", [1, n, 1]));
            outputs.Add(($"bbox_{s}", [1, n, 4]));
        }
        using var options = FaceModelSession.Options();
        _session = OnnxModelContract.Float("YuNet face detector", [("input", [1, 3, InputSide, InputSide])], outputs).Open(modelPath, options);
        ModelPath = modelPath;
        ScoreThreshold = scoreThreshold;
        NmsThreshold = nmsThreshold;
    }

    public string ModelPath { get; }
    public float ScoreThreshold { get; }
    public float NmsThreshold { get; }

    public FaceBox? Detect(Mat bgrFrame)
    {
        ArgumentNullException.ThrowIfNull(bgrFrame);
        if (bgrFrame.Empty() || bgrFrame.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"expected a non-empty 8-bit BGR frame, got {bgrFrame.Type()}", nameof(bgrFrame));

        // Letterbox: scale the longer side to 320, pad right/bottom with zeros.
        float scale = (float)InputSide / Math.Max(bgrFrame.Width, bgrFrame.Height);
        int w = Math.Max(1, (int)Math.Round(bgrFrame.Width * scale)), h = Math.Max(1, (int)Math.Round(bgrFrame.Height * scale));
        using var resized = new Mat();
        Cv2.Resize(bgrFrame, resized, new Size(w, h), 0, 0, InterpolationFlags.Linear);
        var input = new DenseTensor<float>([1, 3, InputSide, InputSide]);
        OnnxImageTensor.FillChw(resized, input.Buffer.Span, InputSide, InputSide, 1f, 0f);

        using var results = _session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        var byName = results.ToDictionary(r => r.Name, r => r.AsTensor<float>());

        var candidates = new List<FaceBox>();
        foreach (int s in Strides)
        {
            var cls = byName[$"cls_{s}"]; var obj = byName[$"obj_{s}"]; var bbox = byName[$"bbox_{s}"];
            int cols = InputSide / s, count = cols * cols;
            for (int n = 0; n < count; n++)
            {
                float score = MathF.Sqrt(Math.Clamp(cls[0, n, 0], 0f, 1f) * Math.Clamp(obj[0, n, 0], 0f, 1f));
                if (score < ScoreThreshold) continue;
                int r = n / cols, c = n % cols;
                float cx = (c + bbox[0, n, 0]) * s, cy = (r + bbox[0, n, 1]) * s;
                float bw = MathF.Exp(bbox[0, n, 2]) * s, bh = MathF.Exp(bbox[0, n, 3]) * s;
                candidates.Add(new FaceBox((cx - bw / 2) / scale, (cy - bh / 2) / scale, bw / scale, bh / scale, score));
            }
        }

        List<FaceBox> kept = NonMaximumSuppression.Apply(candidates, NmsThreshold);
        return kept.Count == 0 ? null : kept.MaxBy(b => b.Width * b.Height);
    }

    public void Dispose() => _session.Dispose();
}
