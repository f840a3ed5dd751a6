using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace ATSync.Core.Numerics;

/// <summary>
/// Reads and writes numpy .npy files (writes format 1.0, little-endian, C order; reads formats 1-3).
/// Supported dtypes: float32 '&lt;f4', uint8 '|u1', int64 '&lt;i8'; float32 reads also accept '&lt;f8' (converted).
/// </summary>
public static class NpyFile
{
    /// <summary>numpy itself refuses headers over 10,000 bytes by default; this leaves room and still bounds the read.</summary>
    private const int MaxHeaderLength = 1 << 20;

    public static void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape) =>
        WriteFile(path, "<f4", MemoryMarshal.AsBytes(data), data.Length, shape);

    public static void Write(string path, ReadOnlySpan<byte> data, ReadOnlySpan<int> shape) =>
        WriteFile(path, "|u1", data, data.Length, shape);

    public static void Write(string path, ReadOnlySpan<long> data, ReadOnlySpan<int> shape) =>
        WriteFile(path, "<i8", MemoryMarshal.AsBytes(data), data.Length, shape);

    public static void Write(Stream stream, ReadOnlySpan<float> data, ReadOnlySpan<int> shape) =>
        WriteStream(stream, "<f4", MemoryMarshal.AsBytes(data), data.Length, shape);

    public static NpyHeader ReadHeader(string path)
    {
        using var stream = OpenRead(path);
        return ReadHeader(stream, path);
    }

    public static NpyArray<float> ReadFloat32(string path)
    {
        using var stream = OpenRead(path);
        return ReadFloat32(stream, path);
    }

    public static NpyArray<float> ReadFloat32(Stream stream, string source = "<stream>")
    {
        var header = ReadHeader(stream, source);
        int count = CheckedCount(header, source);
        if (header.Descr is not ("<f4" or "<f8")) throw Unsupported(source, header.Descr, "float32 ('<f4') or float64 ('<f8')");
        RequireData(stream, count, header.Descr == "<f8" ? 8 : 4, header, source);
        var data = new float[count];
        switch (header.Descr)
        {
            case "<f4":
                ReadExactly(stream, MemoryMarshal.AsBytes(data.AsSpan()), source);
                if (!BitConverter.IsLittleEndian) ReverseEach(MemoryMarshal.AsBytes(data.AsSpan()), 4);
                break;
            case "<f8":
                var doubles = new double[count];
                ReadExactly(stream, MemoryMarshal.AsBytes(doubles.AsSpan()), source);
                if (!BitConverter.IsLittleEndian) ReverseEach(MemoryMarshal.AsBytes(doubles.AsSpan()), 8);
                for (int i = 0; i < count; i++) data[i] = (float)doubles[i];
                break;
            default:
                throw Unsupported(source, header.Descr, "float32 ('<f4') or float64 ('<f8')");
        }
        return new NpyArray<float>(data, header.Shape);
    }

    public static NpyArray<byte> ReadUInt8(string path)
    {
        using var stream = OpenRead(path);
        var header = ReadHeader(stream, path);
        if (header.Descr is not ("|u1" or "<u1")) throw Unsupported(path, header.Descr, "uint8 ('|u1')");
        int count = CheckedCount(header, path);
        RequireData(stream, count, 1, header, path);
        var data = new byte[count];
        ReadExactly(stream, data, path);
        return new NpyArray<byte>(data, header.Shape);
    }

    public static NpyArray<long> ReadInt64(string path)
    {
        using var stream = OpenRead(path);
        var header = ReadHeader(stream, path);
        if (header.Descr != "<i8") throw Unsupported(path, header.Descr, "int64 ('<i8')");
        int count = CheckedCount(header, path);
        RequireData(stream, count, 8, header, path);
        var data = new long[count];
        ReadExactly(stream, MemoryMarshal.AsBytes(data.AsSpan()), path);
        if (!BitConverter.IsLittleEndian) ReverseEach(MemoryMarshal.AsBytes(data.AsSpan()), 8);
        return new NpyArray<long>(data, header.Shape);
    }

    /// <summary>Reads the magic, version and header dictionary, leaving the stream at the first data byte.</summary>
    public static NpyHeader ReadHeader(Stream stream, string source = "<stream>")
    {
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, source);
        if (!prefix[..6].SequenceEqual(NpyHeader.Magic))
            throw new InvalidDataException($"{source} is not a .npy file (no \\x93NUMPY magic)");
        int major = prefix[6];
        int headerLength;
        Encoding encoding = Encoding.Latin1;
        switch (major)
        {
            case 1:
                Span<byte> len2 = stackalloc byte[2];
                ReadExactly(stream, len2, source);
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len2);
                break;
            case 2:
            case 3:
                Span<byte> len4 = stackalloc byte[4];
                ReadExactly(stream, len4, source);
                // Clamped, not cast: a length over 2 GB is refused below as too long rather than overflowing.
                headerLength = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(len4), int.MaxValue);
                if (major == 3) encoding = Encoding.UTF8;
                break;
            default:
                throw new InvalidDataException($"{source}: unsupported .npy format version {major}.{prefix[7]}");
        }
        // Checked before allocating: a version 2/3 length field can claim up to 4 GB of header.
        if (headerLength > MaxHeaderLength || (stream.CanSeek && headerLength > stream.Length - stream.Position))
            throw new InvalidDataException(
                $"{source}: .npy header length {headerLength} exceeds the file or the {MaxHeaderLength}-byte limit (corrupt or truncated)");
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, source);
        var header = NpyHeader.Parse(encoding.GetString(headerBytes), source);
        if (header.FortranOrder)
            throw new InvalidDataException(
                $"{source}: fortran_order (column-major) arrays are not supported; save it with numpy.ascontiguousarray first");
        return header;
    }

    private static void WriteFile(string path, string descr, ReadOnlySpan<byte> bytes, int count, ReadOnlySpan<int> shape)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        WriteStream(stream, descr, bytes, count, shape);
    }

    private static void WriteStream(Stream stream, string descr, ReadOnlySpan<byte> bytes, int count, ReadOnlySpan<int> shape)
    {
        long expected = 1;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            expected *= d;
        }
        if (expected != count)
            throw new ArgumentException($"shape ({string.Join(", ", shape.ToArray())}) holds {expected} elements but data has {count}");
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("writing .npy is implemented for little-endian machines only");
        stream.Write(new NpyHeader(descr, false, shape.ToArray()).Encode());
        stream.Write(bytes);
    }

    private static FileStream OpenRead(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($".npy file not found: {path}", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    private static int CheckedCount(NpyHeader header, string source)
    {
        // Checked: a shape such as (2147483647, 2147483647, 2147483647) wraps a plain long product to a small number.
        long count = 1;
        try
        {
            foreach (int d in header.Shape) count = checked(count * d);
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"{source}: .npy shape ({string.Join(", ", header.Shape)}) is too large to load");
        }
        if (count > Array.MaxLength)
            throw new InvalidDataException($"{source}: array of {count} elements is too large to load");
        return (int)count;
    }

    /// <summary>
    /// Compares the data the header declares (elements x item size) with what the file holds before the array is
    /// allocated, so a corrupt or hostile header cannot make the reader allocate gigabytes for a few bytes of file.
    /// A stream that cannot seek is not checked here; a short one still fails as truncated while reading.
    /// </summary>
    private static void RequireData(Stream stream, long count, int itemSize, NpyHeader header, string source)
    {
        if (!stream.CanSeek) return;
        long declared = count * itemSize;
        long remaining = stream.Length - stream.Position;
        if (declared > remaining)
            throw new InvalidDataException(
                $"{source}: .npy header declares shape ({string.Join(", ", header.Shape)}) of '{header.Descr}' = {declared} bytes, but the file holds {remaining} (corrupt or truncated)");
    }

    private static InvalidDataException Unsupported(string source, string descr, string wanted) =>
        new($"{source}: unsupported .npy dtype '{descr}', expected {wanted}");

    private static void ReadExactly(Stream stream, Span<byte> buffer, string source)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{source}: .npy file is truncated", e);
        }
    }

    private static void ReverseEach(Span<byte> bytes, int size)
    {
        for (int i = 0; i < bytes.Length; i += size) bytes.Slice(i, size).Reverse();
    }
}
