using System.Diagnostics;
using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Core.Media;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace ATSync.Pipeline.Activities;

/// <summary>
/// The audio branch of PrepareDataset, beside the frame segments: 16 kHz mono aud.wav and one feature row per video
/// frame (mel by default; HuBERT runs its model in 20 s clips, as the reference does), uploaded into the upload's dataset version.
/// </summary>
[DurableTask(Name)]
public sealed class ExtractAudioFeaturesActivity(PipelineStorage storage, IOptions<PipelineOptions> options) : TaskActivity<AudioFeaturesInput, AudioFeaturesResult>
{
    public const string Name = "ExtractAudioFeatures";

    public override async Task<AudioFeaturesResult> RunAsync(TaskActivityContext context, AudioFeaturesInput input)
    {
        var clock = Stopwatch.StartNew();
        var folder = DatasetBlobs.VersionFolder(input.Upload);
        var path = await storage.DownloadUploadAsync(input.Upload);
        var samples = await AudioDecoder.Decode16kMonoAsync(path);
        using var extractor = AudioFeatureExtractorFactory.Create(input.Asr, options.Value.HubertModelPath, options.Value.WenetModelPath,
            EncoderModelSettings.Configuration(PipelineOptions.Section));
        var features = extractor.Extract(samples, input.FrameCount);

        var work = storage.NewWorkFolder("audio");
        try
        {
            var wav = Path.Combine(work, DatasetLayout.AudioFileName);
            WaveFile.Write16kMono(wav, samples);
            var npy = Path.Combine(work, DatasetLayout.FeaturesFileName(input.Asr));
            AudioFeatureFile.Save(features, npy);
            var audioBlob = DatasetBlobs.File(folder, DatasetLayout.AudioFileName);
            var featuresBlob = DatasetBlobs.File(folder, DatasetLayout.FeaturesFileName(input.Asr));
            await storage.UploadFileAsync(audioBlob, wav);
            await storage.UploadFileAsync(featuresBlob, npy);
            return new AudioFeaturesResult(audioBlob, featuresBlob, features.Shape, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
