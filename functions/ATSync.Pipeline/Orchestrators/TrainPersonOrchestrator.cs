using ATSync.Pipeline.Activities;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using ATSync.Worker.Client;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Orchestrators;

/// <summary>
/// Trains the person's model on the GPU worker from the dataset folder it is given into <c>models/{person}/{job}/</c> and
/// makes it the person's current model. The job id derives from this instance's id, so a replay or retry is the
/// same job on the worker.
/// </summary>
[DurableTask(Name)]
public sealed class TrainPersonOrchestrator : TaskOrchestrator<TrainPersonInput, PersonModel>
{
    public const string Name = "TrainPerson";

    public override Task<PersonModel> RunAsync(TaskOrchestrationContext context, TrainPersonInput input) => TrainAsync(context, input);

    /// <summary>The training steps, inside whichever orchestration calls them (this one, or PersonPipeline).</summary>
    public static async Task<PersonModel> TrainAsync(TaskOrchestrationContext context, TrainPersonInput input)
    {
        var jobId = PipelineIds.JobIdFor(context.InstanceId, "train");
        var folder = ModelBlobs.Folder(input.PersonId, jobId);
        var dataset = input.Dataset ?? DatasetBlobs.LegacyFolder(input.PersonId);
        var job = new WorkerJobInput(JobKind.Train, jobId,
            new Dictionary<string, BlobRef> { [JobRoles.Dataset] = dataset },
            new Dictionary<string, BlobRef> { [JobRoles.Model] = folder },
            input.Settings.Parameters, input.Settings.Wait);
        var outcome = await WorkerJobWait.RunAsync(context, job);
        if (outcome.Status.State != JobState.Succeeded)
            throw new InvalidOperationException($"training job {jobId} ended {outcome.Status.State}: {outcome.Status.Error ?? "no reason given"}");

        var reported = outcome.Status.Results?.GetValueOrDefault(JobRoles.Model);
        return await context.CallActivityAsync<PersonModel>(PublishModelActivity.Name,
            new PublishModelInput(input.PersonId, jobId, folder, reported, input.Video, dataset,
                outcome.Status.Results?.GetValueOrDefault(JobRoles.EvalReport), outcome.Status.Results?.GetValueOrDefault(JobRoles.ContactSheet)),
            PipelineRetry.Transient);
    }
}
