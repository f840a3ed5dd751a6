using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Core.Export;
using ATSync.Core.Faces;
using ATSync.Core.Inference;
using ATSync.Core.Training;
using ATSync.Tests.Inference;
using ATSync.Tests.Support;
using ATSync.Worker.Cli;

namespace ATSync.Tests.Export;

/// <summary>
/// An exported model is self-describing: export-onnx puts the checkpoint's model card beside the ONNX file, so
/// `atsync infer` on that file alone (no --asr) takes its audio features from the card and reuses the processed dataset.
/// </summary>
public sealed class ExportedModelCardTests
{
    [SkippableFact]
    public async Task AnInt8ModelExportedIntoAnotherFolderCarriesItsCardAndInferReusesTheDataset()
    {
        using var temp = new TempDirectory();
        var video = InferenceInputs.GridVideo;
        var dataset = temp.File("dataset");
        await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(video, dataset);
        var person = await DatasetReader.ReadAsync(dataset);
        var checkpoint = InferenceInputs.MelModel(temp);
        Card(person, AudioFeatureKind.Mel).Write(ModelCard.PathBeside(checkpoint));
        var onnx = Path.Combine(temp.File("exported"), "model_int8.onnx");

        // No --calibration_dataset: the card names the dataset.
        var exit = ExportOnnxCommand.Create().Parse(
            ["--model_path", checkpoint, "--output", onnx, "--quantize", "int8", "--calibration_frames", "6"]).Invoke();

        Assert.Equal(0, exit);
        var copied = ModelCard.PathBeside(onnx);
        Assert.True(File.Exists(copied), "no model card beside the exported model");
        Assert.Equal(person.Fingerprint, ModelCard.Read(copied).Dataset.Fingerprint);
        Assert.False(File.Exists(copied + ".partial"));

        var report = await LipSyncRenderer.RunAsync(new LipSyncRenderOptions
        {
            InputVideo = video, InputAudio = await InferenceInputs.SilenceAsync(temp, 0.4), ModelPath = onnx,
            OutputPath = temp.File("out.mp4"), Engine = InferenceEngine.Onnx,
        });
        Assert.Equal(person.Layout.Directory, report.ReusedDataset);
        Assert.Equal("mel", report.Asr);
        Assert.Equal("onnx", report.Engine);
    }

    [SkippableFact]
    public async Task TheCardIsNotCopiedOverAnotherModelsCardNorWhenTheExportIsBesideTheCheckpoint()
    {
        using var temp = new TempDirectory();
        var dataset = temp.File("dataset");
        await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(InferenceInputs.GridVideo, dataset);
        var person = await DatasetReader.ReadAsync(dataset);
        var checkpoint = InferenceInputs.MelModel(temp);
        Card(person, AudioFeatureKind.Mel).Write(ModelCard.PathBeside(checkpoint));

        Assert.Equal(ExportedModelCard.Outcome.AlreadyBeside, ExportedModelCard.CopyBeside(checkpoint, temp.File("model.onnx")));

        var other = Directory.CreateDirectory(temp.File("other")).FullName;
        var othersCard = Card(person, AudioFeatureKind.Hubert);
        othersCard.Write(Path.Combine(other, ModelCard.FileName));
        Assert.Equal(ExportedModelCard.Outcome.OtherModelsCard, ExportedModelCard.CopyBeside(checkpoint, Path.Combine(other, "m.onnx")));
        Assert.Equal(AudioFeatureKind.Hubert, ModelCard.Read(Path.Combine(other, ModelCard.FileName)).Asr);

        File.Delete(ModelCard.PathBeside(checkpoint));
        Assert.Equal(ExportedModelCard.Outcome.NoCard, ExportedModelCard.CopyBeside(checkpoint, temp.File("elsewhere/m.onnx")));
    }

    private static ModelCard Card(PersonDataset person, AudioFeatureKind asr) => new()
    {
        Asr = asr,
        LandmarkScheme = LandmarkScheme.Ibug68,
        Parameters = 0,
        Dataset = new ModelCard.DatasetInfo(person.Layout.Directory, person.Fingerprint, "grid_bbaf2n.mpg", person.FrameCount, 0),
        Training = new ModelCard.TrainingInfo(0, 0, 8, 1e-3, 1, 0, null, null, null, 0, "cpu"),
        History = [],
    };
}
