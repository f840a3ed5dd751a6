using ATSync.Core.Audio;
using ATSync.Core.Faces;
using ATSync.Core.Model;
using ATSync.Core.Mouth;
using ATSync.Core.Training;
using OpenCvSharp;

namespace ATSync.Core.Inference;

/// <summary>
/// How a loaded model wants its face input [6, 160, 160] built at inference and evaluation: the reference crop, then the
/// current crop with the profile's <see cref="Mask"/> blacked out and, for the CPU profile, the mouth sketch that its
/// <see cref="MouthShape"/> model predicts from the audio drawn in (placed by the frame's own nose tip and eye corners).
/// </summary>
public sealed record FaceInput(ModelProfile Profile, MouthShapeModel? MouthShape)
{
    private const int Side = FaceCropRegion.NetworkSide;
    private const int Plane = Side * Side;

    public MouthMask Mask => MouthMask.For(Profile);

    /// <summary>The reference design's input: no sketch.</summary>
    public static FaceInput Reference { get; } = new(ModelProfile.Reference, null);

    /// <summary>Writes a crop (CV_8UC3 BGR 160x160) as planar floats / 255.</summary>
    public static unsafe void WritePlanar(Mat crop, Span<float> destination)
    {
        byte* pixels = (byte*)crop.DataPointer;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < Plane; i++)
                destination[c * Plane + i] = pixels[3 * i + c] / 255f;
    }

    /// <summary>
    /// Writes the current crop with the mask blacked out and, for the CPU profile, the sketch of frame
    /// <paramref name="audioFrame"/>'s predicted mouth (needs the frame's iBUG-68 <paramref name="frameLandmarks"/>).
    /// </summary>
    /// <param name="ownMouth">Draw the frame's own mouth (from <paramref name="frameLandmarks"/>) instead of the
    /// predicted one: what training shows the network; `atsync eval --sketch landmarks`.</param>
    public void WriteMasked(Mat crop, FaceCropRegion region, IReadOnlyList<Point2f>? frameLandmarks, AudioFeatures features,
        int audioFrame, Span<float> destination, bool ownMouth = false)
    {
        WritePlanar(crop, destination);
        var mask = Mask;
        for (int c = 0; c < 3; c++)
            for (int y = mask.Top; y <= mask.Bottom; y++)
                destination.Slice(c * Plane + y * Side + mask.Left, mask.Right - mask.Left + 1).Clear();
        if (MouthShape is null) return;
        if (frameLandmarks is not { Count: 68 })
            throw new InvalidDataException("the CPU profile needs 68-point (iBUG) landmarks for every frame");
        var inCrop = CropLandmarks.FromFrame(frameLandmarks.ToArray(), region);
        var moving = ownMouth ? MouthPoints.Select(inCrop) : MouthShape.Predict(features, audioFrame, inCrop);
        using var sketch = MouthSketch.Draw(moving, mask);
        MouthSketch.AddTo(sketch, destination);
    }
}
