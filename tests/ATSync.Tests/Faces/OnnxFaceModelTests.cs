using ATSync.Core.Faces;
using ATSync.Core.Faces.Onnx;
using ATSync.Tests.Support;
using static ATSync.Tests.Faces.LandmarkGeometry;

namespace ATSync.Tests.Faces;

[Collection(FaceModelsCollection.Name)]
public sealed class OnnxFaceModelTests(SharedFaceModels models)
{
    [SkippableTheory]
    [InlineData("obama_20s.mp4")]
    [InlineData("portrait_hevc_20s.mp4")]
    [InlineData("grid_pwij3p.mpg")]
    public void YuNet_finds_the_face_where_Haar_does(string clip)
    {
        using var yunet = new YuNetFaceDetector(SharedAssets.Model("yunet_n_320_320.onnx"));
        var frames = ClipFrames.Read(clip, 50, step: 10);
        try
        {
            foreach (var frame in frames)
            {
                var found = yunet.Detect(frame);
                Assert.True(found.HasValue, "YuNet found no face");
                var box = found.Value;
                Assert.InRange(box.Score, 0.6f, 1f);
                Assert.True(box.X >= -box.Width * 0.1 && box.X + box.Width <= frame.Width + box.Width * 0.1, $"box {box} leaves the frame");
                if (models.Haar.Detect(frame) is { } haar)
                {
                    // Both boxes frame the same face: centres within a third of the face size.
                    double distance = Math.Sqrt(Math.Pow(box.CenterX - haar.CenterX, 2) + Math.Pow(box.CenterY - haar.CenterY, 2));
                    Assert.True(distance < haar.Width / 3, $"YuNet {box} and Haar {haar} disagree");
                }
            }
        }
        finally
        {
            frames.DisposeAll();
        }
    }

    [SkippableFact]
    public void Onnx_landmarks_form_a_face_inside_the_box()
    {
        using var yunet = new YuNetFaceDetector(SharedAssets.Model("yunet_n_320_320.onnx"));
        using var onnx = new OnnxLandmarkDetector(SharedAssets.Model("peppa_slim_160_latest.onnx"));
        var frames = ClipFrames.Read("news_5s.mp4", 1);
        try
        {
            var box = yunet.Detect(frames[0])!.Value;
            var l = onnx.Detect(frames[0], box);
            Assert.Equal(68, l.Length);
            Assert.True(MeanY(l, 36, 47) < MeanY(l, 27, 35) && MeanY(l, 27, 35) < MeanY(l, 48, 67) && MeanY(l, 48, 67) < l[8].Y);
            Assert.All(l, p => Assert.InRange(p.X, box.X - 0.2f * box.Width, box.X + 1.2f * box.Width));
        }
        finally
        {
            frames.DisposeAll();
        }
    }
}
