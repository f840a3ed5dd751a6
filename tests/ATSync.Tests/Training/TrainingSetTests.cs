using ATSync.Core.Audio;
using ATSync.Core.Training;
using static TorchSharp.torch;

namespace ATSync.Tests.Training;

/// <summary>Batches carry the reference crop, the masked current crop, the right audio window and the target.</summary>
public sealed class TrainingSetTests
{
    private static byte[] DistinctCrops(int frames)
    {
        // Crop i: byte value (i * 31 + position) mod 251, so every crop and pixel differs.
        var crops = new byte[frames * TrainingSet.CropBytes];
        for (var i = 0; i < crops.Length; i++) crops[i] = (byte)((i / TrainingSet.CropBytes * 31 + i) % 251);
        return crops;
    }

    private static AudioFeatures RowNumberFeatures(AudioFeatureKind kind, int frames, int[] rowShape)
    {
        // Every value of row r is r + 1, so windows show which rows they took (0 = padding).
        var rowLength = rowShape.Aggregate(1, (a, b) => a * b);
        var data = new float[frames * rowLength];
        for (var i = 0; i < data.Length; i++) data[i] = i / rowLength + 1;
        return new AudioFeatures(kind, data, [frames, .. rowShape]);
    }

    [Fact]
    public void BatchHoldsReferenceMaskedCurrentAndTarget()
    {
        const int frames = 6;
        var crops = DistinctCrops(frames);
        using var set = new TrainingSet(crops, RowNumberFeatures(AudioFeatureKind.Mel, frames, [4, 80]), [5]);
        using var batch = set.Batch([1, 3], [4, 0]);

        Assert.Equal([2, 6, 160, 160], batch.Face.shape);
        Assert.Equal([2, 32, 80], batch.Audio.shape);
        Assert.Equal([2, 3, 160, 160], batch.Target.shape);
        using var crop1 = tensor(crops.AsSpan(1 * TrainingSet.CropBytes, TrainingSet.CropBytes).ToArray(), [3, 160, 160], ScalarType.Byte).to_type(ScalarType.Float32) / 255f;
        using var crop4 = tensor(crops.AsSpan(4 * TrainingSet.CropBytes, TrainingSet.CropBytes).ToArray(), [3, 160, 160], ScalarType.Byte).to_type(ScalarType.Float32) / 255f;

        Assert.True(batch.Target[0].allclose(crop1), "target is the current crop");
        Assert.True(batch.Face[0, ..3].allclose(crop4), "first three channels are the reference crop");
        var masked = batch.Face[0, 3..];
        Assert.Equal(0f, masked[.., 5..150, 5..155].abs().max().item<float>());
        Assert.True(masked[.., ..5].allclose(crop1[.., ..5]), "rows above the mask are kept");
        Assert.True(masked[.., 150..].allclose(crop1[.., 150..]), "rows below the mask are kept");
        Assert.True(masked[.., .., 155..].allclose(crop1[.., .., 155..]), "columns right of the mask are kept");
        Assert.True(masked[.., 5..150, 4].allclose(crop1[.., 5..150, 4]), "column 4 is outside the mask");
    }

    [Fact]
    public void AudioWindowTakesRowsFourBeforeToThreeAfterWithZeroPadding()
    {
        const int frames = 10;
        using var set = new TrainingSet(DistinctCrops(frames), RowNumberFeatures(AudioFeatureKind.Hubert, frames, [2, 1024]), []);
        using var windows = set.AudioWindows([0, 5, 9]);
        Assert.Equal([3, 16, 32, 32], windows.shape);
        using var rows = windows.reshape(3, 8, 2048);
        // Row value = source row + 1; 0 marks padding.
        float[][] expected = [[0, 0, 0, 0, 1, 2, 3, 4], [2, 3, 4, 5, 6, 7, 8, 9], [6, 7, 8, 9, 10, 0, 0, 0]];
        for (var b = 0; b < 3; b++)
        for (var k = 0; k < 8; k++)
        {
            Assert.Equal(expected[b][k], rows[b, k].min().item<float>());
            Assert.Equal(expected[b][k], rows[b, k].max().item<float>());
        }
    }

    [Fact]
    public void WithPoseNeighboursTheTrainerDrawsEachReferenceFromTheFramesNeighbours()
    {
        const int frames = 80;
        // Two head poses, alternating every 20 frames: a frame's neighbours come from the blocks of its pose.
        var faces = Enumerable.Range(0, frames).Select(f => Enumerable.Range(0, 68)
            .Select(i => new OpenCvSharp.Point2f(i + (f / 20 % 2 == 0 ? 0 : 20) + 0.01f * f, i)).ToArray()).ToArray();
        var train = Enumerable.Range(0, 76).ToArray();
        var neighbours = new PoseNeighbours(faces, train);
        using var withPose = new TrainingSet(DistinctCrops(frames), RowNumberFeatures(AudioFeatureKind.Mel, frames, [4, 80]), [76, 77, 78, 79],
            poseNeighbours: neighbours);
        using var anyFrame = new TrainingSet(DistinctCrops(frames), RowNumberFeatures(AudioFeatureKind.Mel, frames, [4, 80]), [76, 77, 78, 79]);
        Assert.Equal((ReferenceChoice.Pose, ReferenceChoice.Random), (withPose.References, anyFrame.References));
        var options = new TrainingOptions { OutputDirectory = Path.GetTempPath(), Seed = 5 };
        using var posed = LipSyncTrainer.Start(withPose, options);
        using var uniform = LipSyncTrainer.Start(anyFrame, options);
        var batch = train.ToArray();
        var samePose = 0;
        for (var step = 0; step < 5; step++)
        {
            var picked = posed.References(batch, 0, step);
            Assert.All(batch.Zip(picked), p => Assert.Contains(p.Second, neighbours.For(p.First)));
            Assert.All(batch.Zip(picked), p => Assert.Equal(p.First / 20 % 2, p.Second / 20 % 2));
            // The control: without neighbours, references come from either pose.
            samePose += batch.Zip(uniform.References(batch, 0, step)).Count(p => p.First / 20 % 2 == p.Second / 20 % 2);
        }
        Assert.InRange(samePose, 5 * batch.Length / 4, 5 * batch.Length * 3 / 4);
    }

    [Fact]
    public void WenetRowsMakeTheReferenceWindowShape()
    {
        using var set = new TrainingSet(DistinctCrops(3), RowNumberFeatures(AudioFeatureKind.Wenet, 3, [16, 512]), []);
        using var windows = set.AudioWindows([1]);
        Assert.Equal([1, 128, 16, 32], windows.shape);
    }

    [Fact]
    public void MismatchedAudioAndCropsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new TrainingSet(DistinctCrops(4), RowNumberFeatures(AudioFeatureKind.Mel, 5, [4, 80]), []));
        Assert.Contains("5 rows", error.Message);
        Assert.Throws<ArgumentException>(() =>
            new TrainingSet(DistinctCrops(4), RowNumberFeatures(AudioFeatureKind.Mel, 4, [2, 80]), []));
    }
}
