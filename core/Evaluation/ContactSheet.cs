using ATSync.Core.Faces;
using OpenCvSharp;

namespace ATSync.Core.Evaluation;

/// <summary>
/// A PNG to look at instead of numbers: one row per sampled frame, three 160x160 tiles per row - the real face crop,
/// the generated (composited) one and their absolute difference amplified <see cref="DifferenceGain"/> times - with
/// the frame number in a left margin and column titles on top. Tiles are copied pixel for pixel (PNG is lossless),
/// so the real column is exactly the real crop.
/// </summary>
public static class ContactSheet
{
    public const int Tile = FaceCropRegion.NetworkSide;
    public const int Gap = 4;
    public const int HeaderHeight = 24;
    public const int LabelWidth = 56;
    public const double DifferenceGain = 4;

    public sealed record Row(int Frame, Mat Real, Mat Generated);

    public static Size SizeFor(int rows) => new(LabelWidth + 3 * Tile + 2 * Gap, HeaderHeight + rows * Tile + Math.Max(rows - 1, 0) * Gap);

    /// <summary>Where tile <paramref name="column"/> (0 real, 1 generated, 2 difference) of row <paramref name="row"/> lies.</summary>
    public static Rect TileRect(int row, int column) => new(LabelWidth + column * (Tile + Gap), HeaderHeight + row * (Tile + Gap), Tile, Tile);

    /// <summary>The sheet as an image; the caller owns it.</summary>
    public static Mat Compose(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("a contact sheet needs at least one row", nameof(rows));
        var sheet = new Mat(SizeFor(rows.Count), MatType.CV_8UC3, new Scalar(32, 32, 32));
        string[] titles = ["real", "generated", $"|difference| x{DifferenceGain:0}"];
        for (int c = 0; c < 3; c++)
            Cv2.PutText(sheet, titles[c], new Point(TileRect(0, c).X + 4, HeaderHeight - 7), HersheyFonts.HersheySimplex, 0.45, Scalar.White, 1, LineTypes.AntiAlias);
        using var difference = new Mat();
        for (int r = 0; r < rows.Count; r++)
        {
            var (frame, real, generated) = rows[r];
            Require(real, nameof(Row.Real));
            Require(generated, nameof(Row.Generated));
            Cv2.PutText(sheet, $"#{frame}", new Point(4, TileRect(r, 0).Y + Tile / 2), HersheyFonts.HersheySimplex, 0.45, Scalar.White, 1, LineTypes.AntiAlias);
            using (var tile = new Mat(sheet, TileRect(r, 0))) real.CopyTo(tile);
            using (var tile = new Mat(sheet, TileRect(r, 1))) generated.CopyTo(tile);
            Cv2.Absdiff(real, generated, difference);
            using (var tile = new Mat(sheet, TileRect(r, 2))) difference.ConvertTo(tile, MatType.CV_8UC3, DifferenceGain);
        }
        return sheet;
    }

    /// <summary>PNG bytes of the sheet (written by the caller, so a failed run leaves no file behind).</summary>
    public static byte[] EncodePng(IReadOnlyList<Row> rows)
    {
        using var sheet = Compose(rows);
        return sheet.ImEncode(".png");
    }

    private static void Require(Mat tile, string name)
    {
        if (tile is null || tile.Type() != MatType.CV_8UC3 || tile.Width != Tile || tile.Height != Tile)
            throw new ArgumentException($"{name} tiles must be {Tile}x{Tile} CV_8UC3; got {tile?.Width}x{tile?.Height} {tile?.Type()}");
    }
}
