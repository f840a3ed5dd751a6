using System.Globalization;
using System.Text;
using OpenCvSharp;

namespace ATSync.Core.Datasets;

/// <summary>The .lms format shared with the reference tool: one "x y" line per landmark, full-frame pixels.</summary>
public static class LandmarkFile
{
    /// <summary>Writes rounded integer coordinates, as the reference tool does.</summary>
    public static void Write(string path, IReadOnlyList<Point2f> points)
    {
        var text = new StringBuilder(points.Count * 10);
        foreach (var p in points)
        {
            text.Append(((int)MathF.Round(p.X)).ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(((int)MathF.Round(p.Y)).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads integer or decimal "x y" lines; blank lines are ignored.</summary>
    public static Point2f[] Read(string path)
    {
        var points = new List<Point2f>(110);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected \"x y\", found \"{line.Trim()}\"");
            }
            points.Add(new Point2f(x, y));
        }
        return points.ToArray();
    }
}
