using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ATSync.Core.Faces.Dlib;

/// <summary>
/// Reads values written by dlib's <c>serialize()</c> from an in-memory buffer.
/// dlib packs an integer as one control byte (low 4 bits = number of little-endian magnitude bytes that follow,
/// bit 7 = negative) and a float as two such integers: a mantissa (int64) and a base-2 exponent (int16).
/// </summary>
internal sealed class DlibSerializedReader
{
    // dlib's float_details marks non-finite values with these exponents.
    private const short InfinityExponent = 32000;
    private const short NegativeInfinityExponent = 32001;
    private const short NaNExponent = 32002;

    /// <summary>The least bytes a serialized float takes: two one-byte integers (mantissa, exponent).</summary>
    public const int MinFloatBytes = 2;

    private const int MaxExponent = 1100;
    private static readonly double[] PowersOfTwo = Enumerable.Range(-MaxExponent, 2 * MaxExponent + 1).Select(e => Math.ScaleB(1.0, e)).ToArray();

    private readonly byte[] _buffer;
    private readonly string _source;
    private int _position;

    public DlibSerializedReader(byte[] buffer, string source)
    {
        _buffer = buffer;
        _source = source;
    }

    public int Position => _position;

    public bool AtEnd => _position >= _buffer.Length;

    public int Remaining => _buffer.Length - _position;

    /// <summary>
    /// Refuses a declared count whose values cannot fit in the rest of the file (a serialized integer takes at least
    /// one byte, a float two), before the arrays for them are allocated: the bounds on each count alone still let a
    /// few corrupt bytes ask for gigabytes.
    /// </summary>
    public void RequireRemaining(long count, long minBytesEach, string what)
    {
        long needed = count * minBytesEach;
        if (needed > Remaining) throw Corrupt($"{what} declares {count} values (at least {needed} bytes) but only {Remaining} bytes remain");
    }

    /// <summary>Reads a packed integer of at most <paramref name="maxBytes"/> magnitude bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadInt64(int maxBytes = 8)
    {
        if (_position >= _buffer.Length) throw Corrupt("the file ends in the middle of a value");
        byte control = _buffer[_position];
        int size = control & 0x0F;
        if ((control & 0x70) != 0 || size > maxBytes)
            throw Corrupt($"byte 0x{control:X2} at offset {_position} is not a dlib integer of at most {maxBytes} bytes");
        ulong magnitude;
        if (_position + 9 <= _buffer.Length)
        {
            // Fast path (almost every value): one unaligned 8-byte read, masked to the value's bytes.
            ulong raw = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _position + 1));
            if (!BitConverter.IsLittleEndian) raw = BinaryPrimitives.ReverseEndianness(raw);
            magnitude = size == 8 ? raw : raw & ((1UL << (8 * size)) - 1);
        }
        else
        {
            if (_position + 1 + size > _buffer.Length) throw Corrupt("the file ends in the middle of a value");
            magnitude = 0;
            for (int i = 0; i < size; i++) magnitude |= (ulong)_buffer[_position + 1 + i] << (8 * i);
        }
        _position += 1 + size;
        return (control & 0x80) != 0 ? -(long)magnitude : (long)magnitude;
    }

    public int ReadInt32() => checked((int)ReadInt64(4));

    /// <summary>An unsigned count or index (dlib's unsigned long), bounded so a corrupt file cannot ask for huge arrays.</summary>
    public int ReadCount(int max, string what)
    {
        long value = ReadInt64();
        if (value < 0 || value > max) throw Corrupt($"{what} = {value} is outside 0..{max}");
        return (int)value;
    }

    public float ReadSingle()
    {
        long mantissa = ReadInt64(8);
        long exponent = ReadInt64(2);
        switch (exponent)
        {
            case InfinityExponent: return float.PositiveInfinity;
            case NegativeInfinityExponent: return float.NegativeInfinity;
            case NaNExponent: return float.NaN;
        }
        if (exponent is < -MaxExponent or > MaxExponent) throw Corrupt($"float exponent {exponent} is out of range");
        return (float)(mantissa * PowersOfTwo[exponent + MaxExponent]);
    }

    /// <summary>A dlib column vector (matrix&lt;float,0,1&gt;): rows, cols (negated in newer dlib), then the elements.</summary>
    public float[] ReadColumnVector(int maxLength, string what)
    {
        long rows = Math.Abs(ReadInt64());
        long cols = Math.Abs(ReadInt64());
        if (cols != 1 || rows > maxLength) throw Corrupt($"{what} is a {rows}x{cols} matrix, expected a column of at most {maxLength}");
        RequireRemaining(rows, MinFloatBytes, what);
        var values = new float[rows];
        for (int i = 0; i < values.Length; i++) values[i] = ReadSingle();
        return values;
    }

    /// <summary>Reads a column vector that must have exactly <c>destination.Length</c> elements, without allocating.</summary>
    public void ReadColumnVectorInto(Span<float> destination, string what)
    {
        long rows = Math.Abs(ReadInt64());
        long cols = Math.Abs(ReadInt64());
        if (cols != 1 || rows != destination.Length)
            throw Corrupt($"{what} is a {rows}x{cols} matrix, expected {destination.Length}x1");
        for (int i = 0; i < destination.Length; i++) destination[i] = ReadSingle();
    }

    public InvalidDataException Corrupt(string problem) =>
        new($"'{_source}' is not a valid dlib shape predictor file: {problem} (at byte {_position} of {_buffer.Length}).");
}
