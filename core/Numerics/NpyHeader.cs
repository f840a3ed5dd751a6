using System.Globalization;
using System.Text;

namespace ATSync.Core.Numerics;

/// <summary>The header dictionary of a .npy file: {'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }.</summary>
public sealed record NpyHeader(string Descr, bool FortranOrder, int[] Shape)
{
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The dictionary text as numpy writes it (without padding).</summary>
    public string ToDictionaryText()
    {
        string shape = Shape.Length switch
        {
            0 => "()",
            1 => $"({Shape[0]},)",
            _ => "(" + string.Join(", ", Shape) + ")",
        };
        return $"{{'descr': '{Descr}', 'fortran_order': {(FortranOrder ? "True" : "False")}, 'shape': {shape}, }}";
    }

    /// <summary>Parses the dictionary literal; <paramref name="source"/> names the file in error messages.</summary>
    public static NpyHeader Parse(string text, string source)
    {
        string? descr = null;
        bool? fortran = null;
        int[]? shape = null;
        var s = text.Trim();
        if (!s.StartsWith('{') || !s.EndsWith('}'))
            throw new InvalidDataException($"{source}: .npy header is not a dictionary: {text}");
        int pos = 1;
        while (true)
        {
            SkipSpaceAndCommas(s, ref pos);
            if (pos >= s.Length - 1) break;
            string key = ReadQuoted(s, ref pos, source);
            SkipSpace(s, ref pos);
            if (pos >= s.Length || s[pos] != ':') throw Bad(source, text);
            pos++;
            SkipSpace(s, ref pos);
            switch (key)
            {
                case "descr": descr = ReadQuoted(s, ref pos, source); break;
                case "fortran_order":
                    if (string.CompareOrdinal(s, pos, "True", 0, 4) == 0) { fortran = true; pos += 4; }
                    else if (string.CompareOrdinal(s, pos, "False", 0, 5) == 0) { fortran = false; pos += 5; }
                    else throw Bad(source, text);
                    break;
                case "shape": shape = ReadTuple(s, ref pos, source, text); break;
                default: throw new InvalidDataException($"{source}: unexpected key '{key}' in .npy header {text}");
            }
        }
        if (descr is null || fortran is null || shape is null)
            throw new InvalidDataException($"{source}: .npy header lacks descr, fortran_order or shape: {text}");
        return new NpyHeader(descr, fortran.Value, shape);
    }

    private static InvalidDataException Bad(string source, string text) =>
        new($"{source}: cannot parse .npy header {text}");

    private static void SkipSpace(string s, ref int pos)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos])) pos++;
    }

    private static void SkipSpaceAndCommas(string s, ref int pos)
    {
        while (pos < s.Length && (char.IsWhiteSpace(s[pos]) || s[pos] == ',')) pos++;
    }

    private static string ReadQuoted(string s, ref int pos, string source)
    {
        if (pos >= s.Length || (s[pos] != '\'' && s[pos] != '"')) throw Bad(source, s);
        char quote = s[pos];
        int end = s.IndexOf(quote, pos + 1);
        if (end < 0) throw Bad(source, s);
        string value = s[(pos + 1)..end];
        pos = end + 1;
        return value;
    }

    private static int[] ReadTuple(string s, ref int pos, string source, string text)
    {
        if (pos >= s.Length || s[pos] != '(') throw Bad(source, text);
        int end = s.IndexOf(')', pos);
        if (end < 0) throw Bad(source, text);
        var dims = s[(pos + 1)..end]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.TryParse(d.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out int v)
                ? v
                : throw new InvalidDataException($"{source}: bad dimension '{d}' in .npy shape {text}"))
            .ToArray();
        pos = end + 1;
        return dims;
    }

    internal byte[] Encode()
    {
        // Format 1.0: magic, version, uint16 header length, then the dictionary padded with spaces and a final '\n'
        // so the data starts at a multiple of 64 bytes (numpy's alignment).
        string dict = ToDictionaryText();
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int total = (unpadded + 63) / 64 * 64;
        int headerLength = total - (Magic.Length + 4);
        if (headerLength > ushort.MaxValue) throw new InvalidOperationException("npy header too long for format 1.0");
        var bytes = new byte[total];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        bytes[8] = (byte)(headerLength & 0xFF);
        bytes[9] = (byte)(headerLength >> 8);
        Encoding.ASCII.GetBytes(dict).CopyTo(bytes, 10);
        for (int i = 10 + dict.Length; i < total - 1; i++) bytes[i] = (byte)' ';
        bytes[total - 1] = (byte)'\n';
        return bytes;
    }
}
