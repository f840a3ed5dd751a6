using ATSync.Core.Media;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Activities;

/// <summary>Decodes the uploaded speech (any format ffmpeg reads) to 16 kHz mono WAV beside the job's result: a bad
/// file fails here, in seconds, instead of on the GPU.</summary>
[DurableTask(Name)]
public sealed class NormaliseAudioActivity(PipelineStorage storage) : TaskActivity<NormaliseAudioInput, BlobRef>
{
    public const string Name = "NormaliseAudio";

    public override async Task<BlobRef> RunAsync(TaskActivityContext context, NormaliseAudioInput input)
    {
        var path = await storage.DownloadToCacheAsync(input.Audio);
        var info = await MediaProbe.ProbeAsync(path);
        if (!info.HasAudio) throw new PipelineInputException($"{input.Audio} has no audio stream");
        // Before decoding: a small compressed file can decode to gigabytes of PCM.
        try
        {
            MediaLimits.Default.CheckSpeech(info);
        }
        catch (MediaException e)
        {
            throw new PipelineInputException($"{input.Audio} {e.Problem}");
        }
        var samples = await AudioDecoder.Decode16kMonoAsync(info);
        if (samples.Length < AudioDecoder.SampleRate / 5) throw new PipelineInputException($"{input.Audio} holds less than 0.2 s of audio");
        var work = storage.NewWorkFolder("audio");
        try
        {
            var wav = Path.Combine(work, "audio.wav");
            WaveFile.Write16kMono(wav, samples);
            await storage.UploadFileAsync(input.Output, wav);
            return input.Output;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
