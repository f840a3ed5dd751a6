using ATSync.Core.Audio;
using Microsoft.Extensions.Options;
using ATSync.Core.Mouth;
using ATSync.Core.Inference;
using ATSync.Core.Training;
using ATSync.Worker.Client;

namespace ATSync.Worker.Service;

/// <summary>
/// An infer job: video, audio and model (cached; a checkpoint's model_card.json comes along) -> <see cref="LipSyncRenderer"/>
/// -> the report, then the video. The video is uploaded last, so a job killed in between leaves no result video.
/// </summary>
public sealed class InferJobExecutor(BlobInputCache inputs, BlobOutputWriter outputs, IOptions<WorkerOptions> options,
    ILogger<InferJobExecutor> logger) : IJobExecutor
{
    public JobKind Kind => JobKind.Infer;

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var job = context.Job;
        var parameters = InferParameters.Read(job.Spec.Parameters, out _);
        context.Progress.Report(new("download", 0, 3));
        var video = await inputs.FetchFileAsync(job.Inputs[JobRoles.Video], [], cancellationToken);
        context.Progress.Report(new("download", 1, 3));
        var audio = await inputs.FetchFileAsync(job.Inputs[JobRoles.Audio], [], cancellationToken);
        context.Progress.Report(new("download", 2, 3));
        var model = await inputs.FetchFileAsync(job.Inputs[JobRoles.Model], [ModelCard.FileName, MouthShapeModel.FileName], cancellationToken);
        context.Progress.Report(new("download", 3, 3));

        var result = job.Outputs[JobRoles.Result];
        var report = job.Outputs.TryGetValue(JobRoles.Report, out var given) ? given : result with
        {
            Uri = new Uri(result.Uri.AbsoluteUri + ".report.json"),
            Name = result.Name + ".report.json",
        };
        var render = new LipSyncRenderOptions
        {
            InputVideo = video,
            InputAudio = audio,
            ModelPath = model,
            OutputPath = Path.Combine(context.WorkDirectory, "result.mp4"),
            BatchSize = parameters.BatchSize,
            Asr = parameters.Asr,
            Engine = parameters.Engine,
            HubertModelPath = options.Value.HubertModelPath,
            WenetModelPath = options.Value.WenetModelPath,
            EncoderSettings = EncoderModelSettings.Configuration(WorkerOptions.Section),
        };
        var rendered = await LipSyncRenderer.RunAsync(render, context.Progress, cancellationToken);

        context.Progress.Report(new("upload", 0, 1));
        await outputs.UploadFileAsync(render.ReportPath, report, cancellationToken);
        await outputs.UploadFileAsync(render.OutputPath, result, cancellationToken);
        context.Progress.Report(new("upload", 1, 1));
        logger.LogInformation("job {Id}: {Frames} frames rendered at {Fps:F1} frames/s", job.Spec.Id, rendered.Frames, rendered.RenderFps);
        return new Dictionary<string, string>
        {
            [JobRoles.Result] = result.Uri.AbsoluteUri,
            [JobRoles.Report] = report.Uri.AbsoluteUri,
        };
    }
}
