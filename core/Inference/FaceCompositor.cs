using ATSync.Core.Faces;
using OpenCvSharp;

namespace ATSync.Core.Inference;

/// <summary>
/// Puts the network's 160x160 output back into the full frame without a visible box: the 168x168 crop is rebuilt
/// (generated inner 160 + the original 4-pixel border, as the crop was cut), resized back to the crop square and
/// blended in through a soft rounded-rectangle mask over the lower face whose weight is 0 well inside the square
/// (<see cref="CompositeOptions"/>), after an optional per-channel colour match. Pixels outside the square are never
/// written. Masks are computed once per crop size and buffers are reused, so one instance per video stream is cheap;
/// an instance is not thread-safe.
/// </summary>
public sealed class FaceCompositor : IDisposable
{
    private const int Generated = FaceCropRegion.NetworkSide;
    private const int GeneratedPixels = Generated * Generated;

    private readonly CompositeOptions _options;
    private readonly Dictionary<int, CompositeMask> _masks = [];
    private readonly Mat _crop = new(FaceCropRegion.ResizedSide, FaceCropRegion.ResizedSide, MatType.CV_8UC3);
    private readonly Mat _generated = new(Generated, Generated, MatType.CV_8UC3);
    private readonly Mat _original = new();
    private readonly Mat _pasted = new();
    private readonly byte[] _colourTables = new byte[3 * 256];

    public FaceCompositor(CompositeOptions? options = null)
    {
        _options = options ?? CompositeOptions.Default;
        _options.Validate();
    }

    /// <summary>
    /// Blends a generated 160x160 BGR crop (CV_8UC3) into <paramref name="frame"/> (CV_8UC3, modified in place) at
    /// <paramref name="region"/>, moved inside the frame exactly as <see cref="FaceCropRegion.CutNetworkInput"/> does.
    /// Returns the square actually used.
    /// </summary>
    public FaceCropRegion Composite(Mat frame, FaceCropRegion region, Mat generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        if (generated.Type() != MatType.CV_8UC3 || generated.Width != Generated || generated.Height != Generated)
            throw new ArgumentException($"the generated crop must be {Generated}x{Generated} CV_8UC3 (BGR bytes); got {generated.Width}x{generated.Height} {generated.Type()}", nameof(generated));
        return Blend(frame, region, generated);
    }

    /// <summary>
    /// As <see cref="Composite(Mat, FaceCropRegion, Mat)"/>, for the network's raw output: channel-major
    /// [3, 160, 160] floats, B G R, in [0, 1] (values outside are clamped).
    /// </summary>
    public FaceCropRegion Composite(Mat frame, FaceCropRegion region, ReadOnlySpan<float> generatedChw)
    {
        if (generatedChw.Length != 3 * GeneratedPixels)
            throw new ArgumentException($"the generated crop must hold 3x{Generated}x{Generated} = {3 * GeneratedPixels} floats (CHW, BGR, 0..1); got {generatedChw.Length}", nameof(generatedChw));
        ToBytes(generatedChw, _generated);
        return Blend(frame, region, _generated);
    }

    private FaceCropRegion Blend(Mat frame, FaceCropRegion region, Mat generated)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Empty() || frame.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"the frame must be a non-empty CV_8UC3 (BGR) image; got {frame.Width}x{frame.Height} {frame.Type()}", nameof(frame));

        var inside = region.Within(frame.Width, frame.Height);
        int side = inside.Side;
        var mask = MaskFor(side);
        using var square = new Mat(frame, inside.ToRect());

        // Rebuild the crop the network saw, with its own output in the middle, as the reference does.
        Cv2.Resize(square, _crop, new Size(FaceCropRegion.ResizedSide, FaceCropRegion.ResizedSide), 0, 0, InterpolationFlags.Area);
        using (var inner = new Mat(_crop, new Rect(FaceCropRegion.Border, FaceCropRegion.Border, Generated, Generated)))
            generated.CopyTo(inner);
        var back = side >= FaceCropRegion.ResizedSide ? InterpolationFlags.Linear : InterpolationFlags.Area;
        Cv2.Resize(_crop, _pasted, new Size(side, side), 0, 0, back);
        square.CopyTo(_original); // continuous copy: colour statistics and the blend read it by index

        unsafe
        {
            byte* pasted = (byte*)_pasted.DataPointer, original = (byte*)_original.DataPointer;
            if (_options.MatchColour)
                ColourMatch.Build(pasted, original, mask.Ring, _options.MaxColourGain, _colourTables);
            else
                ColourMatch.Identity(_colourTables);

            fixed (ushort* weights = mask.Weights)
            fixed (byte* tables = _colourTables)
            {
                for (int y = 0; y < side; y++)
                {
                    var (start, end) = mask.RowSpans[y];
                    byte* target = (byte*)square.Ptr(y);
                    int row = y * side;
                    for (int x = start; x < end; x++)
                    {
                        int w = weights[row + x], keep = CompositeMask.One - w, p = 3 * (row + x), t = 3 * x;
                        if (w == 0) continue;
                        target[t] = (byte)((tables[pasted[p]] * w + original[p] * keep + CompositeMask.One / 2) >> CompositeMask.OneShift);
                        target[t + 1] = (byte)((tables[256 + pasted[p + 1]] * w + original[p + 1] * keep + CompositeMask.One / 2) >> CompositeMask.OneShift);
                        target[t + 2] = (byte)((tables[512 + pasted[p + 2]] * w + original[p + 2] * keep + CompositeMask.One / 2) >> CompositeMask.OneShift);
                    }
                }
            }
        }
        return inside;
    }

    private CompositeMask MaskFor(int side)
    {
        if (!_masks.TryGetValue(side, out var mask))
        {
            // Face size drifts by a few pixels over a clip; keep the cache from growing without bound on long runs.
            if (_masks.Count >= 64) _masks.Clear();
            _masks[side] = mask = new CompositeMask(side, _options);
        }
        return mask;
    }

    private static unsafe void ToBytes(ReadOnlySpan<float> chw, Mat bgr)
    {
        byte* target = (byte*)bgr.DataPointer;
        for (int c = 0; c < 3; c++)
        {
            var plane = chw.Slice(c * GeneratedPixels, GeneratedPixels);
            for (int i = 0; i < GeneratedPixels; i++)
                target[3 * i + c] = (byte)Math.Clamp(MathF.Round(plane[i] * 255f), 0f, 255f);
        }
    }

    public void Dispose()
    {
        _crop.Dispose();
        _generated.Dispose();
        _original.Dispose();
        _pasted.Dispose();
    }
}
