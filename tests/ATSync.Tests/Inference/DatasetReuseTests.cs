using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Core.Faces;
using ATSync.Core.Inference;
using ATSync.Core.Training;
using ATSync.Tests.Support;

namespace ATSync.Tests.Inference;

/// <summary>Inference reuses the model's processed dataset (frames + landmarks) when given the same video, and only then.</summary>
public class DatasetReuseTests
{
    [SkippableFact]
    public async Task TheTrainingVideoReusesItsDatasetAndAnotherVideoIsDecoded()
    {
        using var temp = new TempDirectory();
        var video = InferenceInputs.GridVideo;
        var dataset = temp.File("dataset");
        await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(video, dataset);
        var person = await DatasetReader.ReadAsync(dataset);
        var model = InferenceInputs.MelModel(temp);
        new ModelCard
        {
            Asr = AudioFeatureKind.Mel,
            LandmarkScheme = LandmarkScheme.Ibug68,
            Parameters = 0,
            Dataset = new ModelCard.DatasetInfo(person.Layout.Directory, person.Fingerprint, Path.GetFileName(video), person.FrameCount, 0),
            Training = new ModelCard.TrainingInfo(0, 0, 8, 1e-3, 1, 0, null, null, null, 0, "cpu"),
            History = [],
        }.Write(ModelCard.PathBeside(model));
        var audio = await InferenceInputs.SilenceAsync(temp, 0.4);

        var same = await LipSyncRenderer.RunAsync(new LipSyncRenderOptions
        {
            InputVideo = video, InputAudio = audio, ModelPath = model, OutputPath = temp.File("same.mp4"),
        });
        Assert.Equal(person.Layout.Directory, same.ReusedDataset);
        Assert.Equal(person.FrameCount, same.SourceFrames);
        Assert.Equal("mel", same.Asr); // from the model card: no --asr given

        var other = await LipSyncRenderer.RunAsync(new LipSyncRenderOptions
        {
            InputVideo = SharedAssets.Media("grid_lbax4n.mpg"), InputAudio = audio, ModelPath = model, OutputPath = temp.File("other.mp4"),
        });
        Assert.Null(other.ReusedDataset);

        // A card that contradicts --asr is a clear error before any work.
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => LipSyncRenderer.RunAsync(new LipSyncRenderOptions
        {
            InputVideo = video, InputAudio = audio, ModelPath = model, OutputPath = temp.File("x.mp4"), Asr = AudioFeatureKind.Wenet,
        }));
        Assert.Contains("model_card.json", error.Message);
    }
}
