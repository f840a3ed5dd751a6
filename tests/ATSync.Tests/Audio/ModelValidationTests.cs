using ATSync.Core.Audio;
using ATSync.Tests.Support;

namespace ATSync.Tests.Audio;

public sealed class ModelValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("atsync-onnx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Random_bytes_are_rejected_naming_the_file_and_the_signature()
    {
        var path = Path.Combine(_dir, "garbage.onnx");
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => new HubertFeatureExtractor(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("input_values float32 [1,?]", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var path = Path.Combine(_dir, "absent.onnx");
        var e = Assert.Throws<FileNotFoundException>(() => new WenetFeatureExtractor(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("chunk float32 [1,1,67,80]", e.Message);
    }

    [SkippableFact]
    public void Hubert_model_given_as_wenet_is_rejected()
    {
        var path = SharedAssets.Fixture("hubert_like.onnx");
        var e = Assert.Throws<InvalidDataException>(() => new WenetFeatureExtractor(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not a WeNet encoder model", e.Message);
        Assert.Contains("output float32 [1,16,512]", e.Message);
    }

    [SkippableFact]
    public void Wenet_model_given_as_hubert_is_rejected()
    {
        var path = SharedAssets.Fixture("wenet_like.onnx");
        var e = Assert.Throws<InvalidDataException>(() => new HubertFeatureExtractor(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not a HuBERT model", e.Message);
        Assert.Contains("last_hidden_state float32 [1,?,1024]", e.Message);
    }

    [Theory]
    [InlineData(AudioFeatureKind.Hubert, "--hubert_model", "tools/encoders/export_hubert.py")]
    [InlineData(AudioFeatureKind.Wenet, "--wenet_model", "tools/encoders/README.md")]
    public void Factory_without_a_model_path_names_the_flag_and_where_to_get_one(AudioFeatureKind kind, string flag, string source)
    {
        var e = Assert.Throws<ArgumentException>(() => AudioFeatureExtractorFactory.Create(kind, null, null));
        Assert.Contains(flag, e.Message);
        Assert.Contains(source, e.Message);
        Assert.True(File.Exists(Path.Combine(SharedAssets.RepoRoot, source)), $"{source} is named but missing");
    }

    [Fact]
    public void In_a_service_the_error_names_the_setting_not_a_flag()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            AudioFeatureExtractorFactory.Create(AudioFeatureKind.Hubert, null, null, EncoderModelSettings.Configuration("Worker")));
        Assert.Contains("set Worker__HubertModelPath", e.Message);
        Assert.DoesNotContain("--hubert_model", e.Message);
    }

    [SkippableFact]
    public void Factory_makes_each_kind()
    {
        var hubert = SharedAssets.Fixture("hubert_like.onnx");
        var wenet = SharedAssets.Fixture("wenet_like.onnx");
        foreach (var kind in Enum.GetValues<AudioFeatureKind>())
        {
            using var extractor = AudioFeatureExtractorFactory.Create(kind, hubert, wenet);
            Assert.Equal(kind, extractor.Kind);
        }
    }
}
