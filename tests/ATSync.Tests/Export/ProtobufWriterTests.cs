using ATSync.Core.Export;

namespace ATSync.Tests.Export;

/// <summary>The wire format against bytes worked out by hand from the protobuf encoding rules.</summary>
public sealed class ProtobufWriterTests
{
    [Fact]
    public void VarintUsesSevenBitGroupsLeastSignificantFirst()
    {
        var writer = new ProtobufWriter();
        writer.WriteVarint(300); // 300 = 0b10_0101100 -> 0xAC (1_0101100), 0x02
        Assert.Equal(new byte[] { 0xAC, 0x02 }, writer.ToArray());
    }

    [Fact]
    public void IntegerFieldIsTagThenVarint()
    {
        var writer = new ProtobufWriter();
        writer.WriteInt64(1, 150); // tag (1 << 3 | 0) = 0x08; 150 -> 0x96 0x01
        Assert.Equal(new byte[] { 0x08, 0x96, 0x01 }, writer.ToArray());
    }

    [Fact]
    public void NegativeIntegerTakesTenBytes()
    {
        var writer = new ProtobufWriter();
        writer.WriteInt64(2, -1); // tag 0x10; -1 as uint64 = nine 0xFF groups and a final 0x01
        Assert.Equal(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, writer.ToArray());
    }

    [Fact]
    public void StringFieldIsTagLengthBytes()
    {
        var writer = new ProtobufWriter();
        writer.WriteString(2, "testing"); // tag (2 << 3 | 2) = 0x12, length 7, ASCII
        Assert.Equal(new byte[] { 0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67 }, writer.ToArray());
    }

    [Fact]
    public void NestedMessageIsLengthDelimited()
    {
        var inner = new ProtobufWriter();
        inner.WriteInt64(1, 150);
        var outer = new ProtobufWriter();
        outer.WriteMessage(3, inner); // tag (3 << 3 | 2) = 0x1A, length 3, then the inner bytes
        Assert.Equal(new byte[] { 0x1A, 0x03, 0x08, 0x96, 0x01 }, outer.ToArray());
    }

    [Fact]
    public void PackedRepeatedIntegersShareOneLength()
    {
        var writer = new ProtobufWriter();
        writer.WritePackedInt64(4, [3, 270, 86942]); // 0x22, 6 bytes: 03 | 8E 02 | 9E A7 05
        Assert.Equal(new byte[] { 0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05 }, writer.ToArray());
    }

    [Fact]
    public void FloatFieldIsFixed32LittleEndian()
    {
        var writer = new ProtobufWriter();
        writer.WriteFloat(2, 1.0f); // tag (2 << 3 | 5) = 0x15; 1.0f = 0x3F800000
        Assert.Equal(new byte[] { 0x15, 0x00, 0x00, 0x80, 0x3F }, writer.ToArray());
    }
}
