using ATSync.Tests.Support;
using OpenCvSharp;

namespace ATSync.Tests.Faces;

/// <summary>Decodes frames of the shared test clips with OpenCV (FFmpeg backend) into BGR Mats.</summary>
internal static class ClipFrames
{
    /// <summary>Every <paramref name="step"/>-th frame among the first <paramref name="maxFrames"/> frames.</summary>
    public static List<Mat> Read(string clip, int maxFrames, int step = 1)
    {
        string path = SharedAssets.Media(clip);
        using var capture = new VideoCapture(path);
        Assert.True(capture.IsOpened(), $"OpenCV cannot open {path}");
        var frames = new List<Mat>();
        for (int i = 0; i < maxFrames; i++)
        {
            var frame = new Mat();
            if (!capture.Read(frame) || frame.Empty()) { frame.Dispose(); break; }
            if (i % step == 0) frames.Add(frame); else frame.Dispose();
        }
        Assert.NotEmpty(frames);
        return frames;
    }

    public static void DisposeAll(this List<Mat> frames)
    {
        foreach (var f in frames) f.Dispose();
    }
}
