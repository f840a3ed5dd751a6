using System.Text;
using System.Text.RegularExpressions;

namespace ATSync.Tests.Model;

/// <summary>
/// Minimal reader of little-endian float32, C-order .npy files for the model fixtures (to be replaced by
/// core's NpyFile at merge).
/// </summary>
internal static partial class FixtureNpy
{
    public static (float[] Data, long[] Shape) ReadFloat32(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path} is not a .npy file");
        var major = bytes[6];
        var headerLength = major == 1 ? BitConverter.ToUInt16(bytes, 8) : (int)BitConverter.ToUInt32(bytes, 8);
        var headerStart = major == 1 ? 10 : 12;
        var header = Encoding.ASCII.GetString(bytes, headerStart, headerLength);
        if (!header.Contains("'<f4'") || header.Contains("'fortran_order': True"))
            throw new InvalidDataException($"{path}: only little-endian float32 C-order arrays are supported ({header})");
        var shape = ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(long.Parse).ToArray();
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var data = new float[count];
        Buffer.BlockCopy(bytes, headerStart + headerLength, data, 0, count * sizeof(float));
        return (data, shape);
    }

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
