using System.Buffers.Binary;
using System.Text;

namespace ATSync.Core.Export;

/// <summary>
/// Writes the protocol-buffers wire format (varints, fixed32, length-delimited fields) into memory. Nested messages are
/// written into their own writer first so their length is known when the parent writes them.
/// </summary>
public sealed class ProtobufWriter
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    private readonly MemoryStream buffer = new();

    /// <summary>Bytes written so far.</summary>
    public long Length => buffer.Length;

    /// <summary>A bare base-128 varint, least significant group first.</summary>
    public void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        buffer.WriteByte((byte)value);
    }

    /// <summary>An int32/int64/enum/bool field; negative numbers take ten bytes (two's complement), as protobuf requires.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        WriteVarint(unchecked((ulong)value));
    }

    /// <summary>A float field (fixed32, little-endian).</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireFixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        buffer.Write(bytes);
    }

    /// <summary>A bytes field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)value.Length);
        buffer.Write(value);
    }

    /// <summary>A string field (UTF-8).</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>An embedded message field.</summary>
    public void WriteMessage(int field, ProtobufWriter message)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)message.buffer.Length);
        message.buffer.Position = 0;
        message.buffer.CopyTo(buffer);
    }

    /// <summary>A packed repeated int64 field (one length-delimited run of varints).</summary>
    public void WritePackedInt64(int field, IEnumerable<long> values)
    {
        var packed = new ProtobufWriter();
        foreach (var value in values) packed.WriteVarint(unchecked((ulong)value));
        WriteMessage(field, packed);
    }

    /// <summary>A packed repeated float field.</summary>
    public void WritePackedFloat(int field, IReadOnlyCollection<float> values)
    {
        var bytes = new byte[values.Count * sizeof(float)];
        var offset = 0;
        foreach (var value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), value);
            offset += sizeof(float);
        }
        WriteBytes(field, bytes);
    }

    public byte[] ToArray() => buffer.ToArray();

    /// <summary>Copies everything written so far to <paramref name="destination"/>.</summary>
    public void CopyTo(Stream destination)
    {
        buffer.Position = 0;
        buffer.CopyTo(destination);
    }

    private void WriteTag(int field, int wireType)
    {
        if (field <= 0) throw new ArgumentOutOfRangeException(nameof(field), field, "protobuf field numbers start at 1");
        WriteVarint(((ulong)field << 3) | (uint)wireType);
    }
}
