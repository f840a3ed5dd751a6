using ATSync.Core.Evaluation;
using ATSync.Tests.Support;
using OpenCvSharp;

namespace ATSync.Tests.Evaluation;

/// <summary>The contact sheet is a readable PNG laid out as documented, with the real frames copied exactly.</summary>
public class ContactSheetTests
{
    [Fact]
    public void SheetIsWrittenAndReadableWithTheRealColumnExactlyTheRealCrop()
    {
        using var temp = new TempDirectory();
        var rows = Enumerable.Range(0, 3).Select(r =>
        {
            var real = new Mat(160, 160, MatType.CV_8UC3);
            Cv2.Randu(real, Scalar.All(0), Scalar.All(255));
            var generated = real.Clone();
            Cv2.Rectangle(generated, new Rect(50, 70, 60, 20), new Scalar(10, 20, 30), -1);
            return new ContactSheet.Row(100 + r, real, generated);
        }).ToList();
        var path = temp.File("sheet.png");
        File.WriteAllBytes(path, ContactSheet.EncodePng(rows));

        using var sheet = Cv2.ImRead(path, ImreadModes.Color);
        Assert.False(sheet.Empty());
        Assert.Equal(ContactSheet.SizeFor(3), sheet.Size());
        Assert.Equal(new Size(56 + 3 * 160 + 8, 24 + 3 * 160 + 8), sheet.Size());
        using var expectedDifference = new Mat();
        for (int r = 0; r < rows.Count; r++)
        {
            using var realTile = new Mat(sheet, ContactSheet.TileRect(r, 0));
            using var generatedTile = new Mat(sheet, ContactSheet.TileRect(r, 1));
            using var differenceTile = new Mat(sheet, ContactSheet.TileRect(r, 2));
            Assert.Equal(0, Cv2.Norm(realTile, rows[r].Real, NormTypes.INF));
            Assert.Equal(0, Cv2.Norm(generatedTile, rows[r].Generated, NormTypes.INF));
            Cv2.Absdiff(rows[r].Real, rows[r].Generated, expectedDifference);
            expectedDifference.ConvertTo(expectedDifference, MatType.CV_8UC3, ContactSheet.DifferenceGain);
            Assert.Equal(0, Cv2.Norm(differenceTile, expectedDifference, NormTypes.INF));
            Assert.Equal(0, differenceTile.At<Vec3b>(10, 10).Item0); // identical outside the edited rectangle
        }
        foreach (var row in rows)
        {
            row.Real.Dispose();
            row.Generated.Dispose();
        }
    }

    [Fact]
    public void SampledFramesAreSpreadOverTheTail()
    {
        Assert.Equal([60, 65, 69, 74], Evaluator.SampleFrames(new HeldOutFrames(60, 15), 4).Order());
        Assert.Equal([60, 61], Evaluator.SampleFrames(new HeldOutFrames(60, 2), 6).Order());
    }
}
