using ATSync.Core.Faces;
using OpenCvSharp;

namespace ATSync.Core.Mouth;

/// <summary>
/// Full-frame landmarks moved into the network's 160x160 crop (the square moved inside the frame, resized to 168,
/// the 4-pixel border dropped): the coordinates the mouth-shape model predicts and the sketch is drawn in.
/// </summary>
public static class CropLandmarks
{
    /// <summary>Every frame's landmarks of a processed dataset in its crop (the frame size from the manifest, else
    /// from the first frame).</summary>
    public static Point2f[][] ForDataset(Datasets.PersonDataset dataset)
    {
        int width, height;
        if (dataset.Manifest is { } manifest) (width, height) = (manifest.FrameWidth, manifest.FrameHeight);
        else
        {
            using var first = Cv2.ImRead(dataset.Layout.FramePath(0), ImreadModes.Color);
            if (first.Empty()) throw new InvalidDataException($"{dataset.Layout.FramePath(0)}: not a readable image");
            (width, height) = (first.Width, first.Height);
        }
        return dataset.Landmarks.Select(l => FromFrame(l, FaceCropRegion.FromLandmarks(l, dataset.Scheme).Within(width, height))).ToArray();
    }

    public static Point2f[] FromFrame(ReadOnlySpan<Point2f> frameLandmarks, FaceCropRegion insideRegion)
    {
        var scale = FaceCropRegion.ResizedSide / (float)insideRegion.Side;
        var result = new Point2f[frameLandmarks.Length];
        for (var i = 0; i < frameLandmarks.Length; i++)
            result[i] = new Point2f((frameLandmarks[i].X - insideRegion.X) * scale - FaceCropRegion.Border,
                (frameLandmarks[i].Y - insideRegion.Y) * scale - FaceCropRegion.Border);
        return result;
    }
}
