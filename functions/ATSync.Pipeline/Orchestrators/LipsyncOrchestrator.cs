using ATSync.Pipeline.Activities;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using ATSync.Worker.Client;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Orchestrators;

/// <summary>
/// New speech -> lip-synced video: normalise the audio (16 kHz mono WAV in <c>results/{job}/</c>), then a worker infer
/// job with the person's current model onto the person's video, writing <c>results/{job}/result.mp4</c> and its report.
/// The worker computes the audio features the model needs (its infer job takes audio).
/// </summary>
[DurableTask(Name)]
public sealed class LipsyncOrchestrator : TaskOrchestrator<LipsyncInput, LipsyncResult>
{
    public const string Name = "Lipsync";

    public override async Task<LipsyncResult> RunAsync(TaskOrchestrationContext context, LipsyncInput input)
    {
        var model = await context.CallActivityAsync<PersonModel?>(ResolvePersonModelActivity.Name, input.PersonId, PipelineRetry.Transient)
                    ?? throw new PipelineInputException($"person '{input.PersonId}' has no trained model yet");
        if (model.Checkpoint is null || model.Video is null)
            throw new PipelineInputException($"person '{input.PersonId}''s model record lacks its checkpoint or video");

        var audio = await context.CallActivityAsync<BlobRef>(NormaliseAudioActivity.Name,
            new NormaliseAudioInput(input.Audio, ResultBlobs.Audio(input.JobId)), PipelineRetry.Transient);
        var result = ResultBlobs.Video(input.JobId);
        var report = ResultBlobs.Report(input.JobId);
        var job = new WorkerJobInput(JobKind.Infer, input.JobId,
            new Dictionary<string, BlobRef> { [JobRoles.Model] = model.Checkpoint, [JobRoles.Video] = model.Video, [JobRoles.Audio] = audio },
            new Dictionary<string, BlobRef> { [JobRoles.Result] = result, [JobRoles.Report] = report },
            input.Parameters ?? new Dictionary<string, string>(), input.Wait);
        var outcome = await WorkerJobWait.RunAsync(context, job);
        if (outcome.Status.State != JobState.Succeeded)
            throw new InvalidOperationException($"lip-sync job {input.JobId} ended {outcome.Status.State}: {outcome.Status.Error ?? "no reason given"}");
        return new LipsyncResult(input.PersonId, input.JobId, result, report, model.JobId);
    }
}
