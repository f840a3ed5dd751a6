using ATSync.Core.Faces;
using ATSync.Core.Faces.Dlib;

namespace ATSync.Tests.Faces;

[Collection(FaceModelsCollection.Name)]
public sealed class DlibShapePredictorReaderTests(SharedFaceModels models)
{
    [SkippableFact]
    public void Reads_the_Debian_68_point_model_structure()
    {
        var model = models.Dlib.Model;

        Assert.Equal(68, model.PointCount);
        Assert.Equal(15, model.Levels.Length);
        Assert.All(model.Levels, level =>
        {
            Assert.Equal(500, level.TreeCount);
            Assert.Equal(15, level.SplitsPerTree); // depth-4 trees
            Assert.Equal(500, level.FeatureCount);
            Assert.Equal(500 * 16 * 136, level.LeafValues.Length);
            Assert.All(level.AnchorIndex, a => Assert.InRange(a, 0, 67));
        });
        // The mean shape is normalised to the box: all points near 0..1, jaw point 0 at the left, chin (8) at the bottom.
        Assert.All(model.InitialShape, v => Assert.InRange(v, -0.2f, 1.2f));
        Assert.InRange(model.InitialShape[0], 0f, 0.1f);
        Assert.InRange(model.InitialShape[2 * 8 + 1], 0.9f, 1.1f);
    }

    [Fact]
    public void Decodes_dlib_integer_and_float_encodings()
    {
        // 1 (one byte), -136 (sign bit), 0x0102 (two bytes little-endian), float 15808589 * 2^-29.
        byte[] bytes = [0x01, 0x01, 0x81, 0x88, 0x02, 0x02, 0x01, 0x03, 0x4d, 0x38, 0xf1, 0x81, 0x1d];
        var reader = new DlibSerializedReader(bytes, "inline");

        Assert.Equal(1, reader.ReadInt64());
        Assert.Equal(-136, reader.ReadInt64());
        Assert.Equal(0x0102, reader.ReadInt64());
        Assert.Equal(15808589 * MathF.Pow(2, -29), reader.ReadSingle());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(1000, 1000)]
    [InlineData(100_000, 65_535)]
    public void Rejects_a_forest_larger_than_the_file_before_allocating_it(int trees, int splits)
    {
        // Version 1, a mean shape of two points (all zeros), one cascade level of `trees` trees of `splits` splits,
        // then the file ends: a few dozen bytes that declared megabytes (or, multiplied in int, an overflow).
        var bytes = new List<byte> { 0x01, 0x01, 0x01, 0x04, 0x01, 0x01 };
        for (int i = 0; i < 4; i++) bytes.AddRange([0x00, 0x00]);
        bytes.AddRange([0x01, 0x01]);
        bytes.AddRange(Integer(trees));
        bytes.AddRange(Integer(splits));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => DlibShapePredictorReader.Parse([.. bytes], "crafted.dat"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("'crafted.dat' is not a valid dlib shape predictor file: the forest of level 0 declares", e.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes for a {bytes.Count}-byte file");
    }

    /// <summary>dlib's packed unsigned integer: a size byte, then the magnitude little-endian.</summary>
    private static byte[] Integer(int value)
    {
        var magnitude = BitConverter.GetBytes(value).Reverse().SkipWhile(b => b == 0).Reverse().ToArray();
        return [(byte)magnitude.Length, .. magnitude];
    }

    [Fact]
    public void Rejects_random_bytes_with_a_message_naming_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"atsync-bad-{Guid.NewGuid():N}.dat");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => new DlibShapePredictor(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("not a valid dlib shape predictor", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public void Rejects_a_truncated_model()
    {
        Skip.IfNot(File.Exists(FaceDataPaths.Dlib68Predictor), "libdlib-data is not installed");
        byte[] head = new byte[200_000];
        using (var file = File.OpenRead(FaceDataPaths.Dlib68Predictor)) file.ReadExactly(head);

        var e = Assert.Throws<InvalidDataException>(() => DlibShapePredictorReader.Parse(head, "truncated.dat"));
        Assert.Contains("truncated.dat", e.Message);
        // Found either while reading a value or, earlier, when a declared count no longer fits in what is left.
        Assert.Matches("ends in the middle|only [0-9]+ bytes remain", e.Message);
    }

    [Fact]
    public void Rejects_a_missing_file()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new DlibShapePredictor("/nonexistent/predictor.dat"));
        Assert.Contains("/nonexistent/predictor.dat", e.Message);
    }
}
