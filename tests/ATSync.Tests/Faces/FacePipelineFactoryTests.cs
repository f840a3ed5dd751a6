using ATSync.Core.Faces;
using ATSync.Core.Faces.Dlib;
using ATSync.Core.Faces.Onnx;
using ATSync.Tests.Support;

namespace ATSync.Tests.Faces;

public sealed class FacePipelineFactoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atsync-faces-").FullName;

    [SkippableFact]
    public void Defaults_are_haar_and_dlib68()
    {
        Skip.IfNot(File.Exists(FaceDataPaths.Dlib68Predictor), "libdlib-data is not installed");
        using var pipeline = FacePipelineFactory.Create("haar", "dlib68");
        var (detector, landmarks) = pipeline;
        Assert.IsType<HaarFaceDetector>(detector);
        Assert.IsType<DlibShapePredictor>(landmarks);
    }

    [SkippableFact]
    public void Onnx_paths_give_the_onnx_models()
    {
        using var pipeline = FacePipelineFactory.Create(SharedAssets.Model("yunet_n_320_320.onnx"), SharedAssets.Model("peppa_slim_160_latest.onnx"));
        Assert.IsType<YuNetFaceDetector>(pipeline.Detector);
        Assert.IsType<OnnxLandmarkDetector>(pipeline.Landmarks);
    }

    [SkippableFact]
    public void Dlib_behind_YuNet_undoes_YuNet_boxes()
    {
        Skip.IfNot(File.Exists(FaceDataPaths.Dlib68Predictor), "libdlib-data is not installed");
        using var pipeline = FacePipelineFactory.Create(SharedAssets.Model("yunet_n_320_320.onnx"), "dlib68");
        Assert.Equal(DlibBoxCalibration.YuNet, Assert.IsType<DlibShapePredictor>(pipeline.Landmarks).Calibration);
    }

    [Fact]
    public void Unknown_names_are_rejected_with_the_choices()
    {
        var e = Assert.Throws<ArgumentException>(() => FacePipelineFactory.Create("mtcnn", "dlib68"));
        Assert.Contains("'mtcnn'", e.Message);
        Assert.Contains("haar", e.Message);
        e = Assert.Throws<ArgumentException>(() => FacePipelineFactory.CreateLandmarks("dlib5"));
        Assert.Contains("dlib68", e.Message);
    }

    [Fact]
    public void A_missing_onnx_file_names_the_file()
    {
        string path = Path.Combine(_folder, "absent.onnx");
        var e = Assert.Throws<FileNotFoundException>(() => FacePipelineFactory.Create(path, "dlib68"));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Random_bytes_are_rejected_as_an_unreadable_model()
    {
        string path = Path.Combine(_folder, "random.onnx");
        var bytes = new byte[10_000];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => FacePipelineFactory.CreateDetector(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not a readable ONNX model", e.Message);
        e = Assert.Throws<InvalidDataException>(() => FacePipelineFactory.CreateLandmarks(path));
        Assert.Contains("68-point landmark", e.Message);
    }

    [SkippableFact]
    public void A_valid_onnx_model_of_the_wrong_kind_is_rejected_with_the_expected_signature()
    {
        string path = Path.Combine(_folder, "hubert_like.onnx");
        File.Copy(SharedAssets.Fixture("hubert_like.onnx"), path);

        var e = Assert.Throws<InvalidDataException>(() => FacePipelineFactory.CreateLandmarks(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("no input 'input1'", e.Message);
        Assert.Contains("input1 float32 [1,3,160,160]", e.Message); // what was expected
        Assert.Contains("input_values", e.Message); // what the file has

        e = Assert.Throws<InvalidDataException>(() => FacePipelineFactory.CreateDetector(path));
        Assert.Contains("YuNet face detector", e.Message);
        Assert.Contains("cls_8", e.Message);
    }

    [SkippableFact]
    public void The_landmark_model_is_not_accepted_as_a_detector()
    {
        var e = Assert.Throws<InvalidDataException>(() => FacePipelineFactory.CreateDetector(SharedAssets.Model("peppa_slim_160_latest.onnx")));
        Assert.Contains("no input 'input'", e.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
