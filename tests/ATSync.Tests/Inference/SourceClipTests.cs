using ATSync.Core.Faces;
using ATSync.Core.Inference;

namespace ATSync.Tests.Inference;

public class SourceClipTests
{
    [SkippableFact]
    public async Task ALongVideoKeepsItsFramesOnDiskUntilDisposedAndDecodesTheSame()
    {
        var video = InferenceInputs.GridVideo;
        using var inMemory = await SourceClipLoader.LoadAsync(video, null, FacePipelineFactory.Haar, FacePipelineFactory.Dlib68,
            null, CancellationToken.None);
        var onDisk = await SourceClipLoader.LoadAsync(video, null, FacePipelineFactory.Haar, FacePipelineFactory.Dlib68,
            null, CancellationToken.None, inMemoryFrameLimit: 10);

        Assert.Null(inMemory.FrameFolder);
        var folder = onDisk.FrameFolder;
        Assert.NotNull(folder);
        Assert.Equal(75, Directory.GetFiles(folder, "*.jpg").Length);
        Assert.Equal(inMemory.Crops, onDisk.Crops);
        foreach (int i in new[] { 0, 37, 74 })
        {
            using var a = inMemory.Decode(i);
            using var b = onDisk.Decode(i);
            Assert.Equal(0, InferenceInputs.MeanAbsDiff(a, b));
        }
        onDisk.Dispose();
        Assert.False(Directory.Exists(folder));
    }
}
