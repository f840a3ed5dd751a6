using System.Text;
using ATSync.Core.Numerics;
using ATSync.Tests.Support;

namespace ATSync.Tests.Numerics;

public sealed class NpyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("atsync-npy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Float32_round_trip_keeps_data_and_shape_and_aligns_the_header()
    {
        var path = Path.Combine(_dir, "a.npy");
        var data = Enumerable.Range(0, 3 * 2 * 4).Select(i => i * 0.5f - 3).ToArray();

        NpyFile.Write(path, data, [3, 2, 4]);
        var back = NpyFile.ReadFloat32(path);

        Assert.Equal([3, 2, 4], back.Shape);
        Assert.Equal(data, back.Data);
        var bytes = File.ReadAllBytes(path);
        int headerEnd = 10 + BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, headerEnd % 64);
        Assert.Equal((byte)'\n', bytes[headerEnd - 1]);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2, 4), }",
            Encoding.ASCII.GetString(bytes, 10, headerEnd - 10));
        Assert.Equal(headerEnd + data.Length * 4, bytes.Length);
    }

    [Fact]
    public void UInt8_and_Int64_round_trip_including_one_dimension()
    {
        var u8 = Path.Combine(_dir, "u8.npy");
        var i64 = Path.Combine(_dir, "i64.npy");
        NpyFile.Write(u8, new byte[] { 0, 7, 255 }, [3]);
        NpyFile.Write(i64, new long[] { -1, long.MaxValue }, [2, 1]);

        Assert.Equal(new byte[] { 0, 7, 255 }, NpyFile.ReadUInt8(u8).Data);
        Assert.Equal([3], NpyFile.ReadHeader(u8).Shape);
        Assert.Contains("'shape': (3,)", File.ReadAllText(u8));
        var back = NpyFile.ReadInt64(i64);
        Assert.Equal(new long[] { -1, long.MaxValue }, back.Data);
        Assert.Equal([2, 1], back.Shape);
    }

    [Fact]
    public void Reads_a_hand_built_float64_file_as_float32()
    {
        var path = Path.Combine(_dir, "f8.npy");
        WriteRaw(path, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", [1.5, -2.25, 3e10, 0]);

        var array = NpyFile.ReadFloat32(path);

        Assert.Equal([2, 2], array.Shape);
        Assert.Equal(new[] { 1.5f, -2.25f, 3e10f, 0f }, array.Data);
    }

    [Fact]
    public void Rejects_fortran_order_and_unsupported_dtypes_naming_the_file()
    {
        var fortran = Path.Combine(_dir, "fortran.npy");
        var complex = Path.Combine(_dir, "complex.npy");
        WriteRaw(fortran, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", [1, 2, 3, 4]);
        WriteRaw(complex, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", [1, 2]);

        var e1 = Assert.Throws<InvalidDataException>(() => NpyFile.ReadFloat32(fortran));
        Assert.Contains("fortran_order", e1.Message);
        Assert.Contains(fortran, e1.Message);
        var e2 = Assert.Throws<InvalidDataException>(() => NpyFile.ReadFloat32(complex));
        Assert.Contains("'<c16'", e2.Message);
        Assert.Contains(complex, e2.Message);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_npy_and_a_truncated_one()
    {
        var notNpy = Path.Combine(_dir, "x.npy");
        File.WriteAllText(notNpy, "hello world, not numpy");
        Assert.Contains("not a .npy", Assert.Throws<InvalidDataException>(() => NpyFile.ReadFloat32(notNpy)).Message);

        var truncated = Path.Combine(_dir, "t.npy");
        NpyFile.Write(truncated, new float[10], [10]);
        var bytes = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, bytes[..^4]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => NpyFile.ReadFloat32(truncated)).Message);
    }

    [SkippableFact]
    public void Reads_a_file_numpy_wrote()
    {
        var path = SharedAssets.Fixture("ultralight_hubert_in_audio.npy");

        var array = NpyFile.ReadFloat32(path);

        Assert.Equal([2, 16, 32, 32], array.Shape);
        Assert.Equal(2 * 16 * 32 * 32, array.Data.Length);
        Assert.Contains(array.Data, v => v != 0);
        Assert.All(array.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData("<f4", "(1000000, 1000)")]
    [InlineData("<f8", "(500000000,)")]
    [InlineData("|u1", "(2000000000,)")]
    [InlineData("<i8", "(100000, 2000)")]
    public void A_header_declaring_more_data_than_the_file_holds_is_refused_before_allocating(string descr, string shape)
    {
        // Eight bytes of data under a header that declares gigabytes: the reader must not allocate the array first.
        var path = Path.Combine(_dir, "huge.npy");
        WriteRaw(path, $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}", [1.0]);
        Func<object> read = descr switch
        {
            "|u1" => () => NpyFile.ReadUInt8(path),
            "<i8" => () => NpyFile.ReadInt64(path),
            _ => () => NpyFile.ReadFloat32(path),
        };

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(read);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("declares shape", e.Message);
        Assert.Contains("the file holds 8", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes for a {new FileInfo(path).Length}-byte file");
    }

    [Fact]
    public void A_shape_whose_element_count_overflows_is_refused()
    {
        var path = Path.Combine(_dir, "overflow.npy");
        // 2^64 elements: an unchecked long product wraps to 0, and the file read as an empty array.
        WriteRaw(path, "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, 65536, 65536), }", [1.0]);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.ReadFloat32(path));
        Assert.Contains("too large", e.Message);
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_refused_before_allocating()
    {
        // Version 2.0 has a 4-byte header length: here it claims 4 GB - 1.
        var path = Path.Combine(_dir, "longheader.npy");
        File.WriteAllBytes(path, [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xFF, 0xFF, 0xFF, 0xFF, (byte)'{', (byte)'}']);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.ReadHeader(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("header length", e.Message);
    }

    // A .npy as numpy 1.x writes it: version 1.0, header padded to 64 bytes with spaces and '\n'.
    private static void WriteRaw(string path, string dict, double[] values)
    {
        int total = (10 + dict.Length + 1 + 63) / 64 * 64;
        var header = dict.PadRight(total - 10 - 1) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        foreach (var v in values) stream.Write(BitConverter.GetBytes(v));
    }
}
