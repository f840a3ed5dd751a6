using ATSync.Pipeline.Payloads;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Orchestrators;

/// <summary>What a video upload starts: PrepareDataset's steps, then TrainPerson's, in this one orchestration (so the
/// whole chain is as idempotent as the upload's instance id, and the worker's callback reaches it directly). Inline
/// rather than sub-orchestrations: the local host's sidecar cannot persist sub-orchestration events in the Azure
/// Storage backend (docs/functions.md).</summary>
[DurableTask(Name)]
public sealed class PersonPipelineOrchestrator : TaskOrchestrator<PersonPipelineInput, PersonPipelineResult>
{
    public const string Name = "PersonPipeline";

    public override async Task<PersonPipelineResult> RunAsync(TaskOrchestrationContext context, PersonPipelineInput input)
    {
        var dataset = await PrepareDatasetOrchestrator.PrepareAsync(context, new PrepareDatasetInput(input.Upload, input.Prepare));
        var model = await TrainPersonOrchestrator.TrainAsync(context, new TrainPersonInput(input.Upload.PersonId, input.Train, input.Upload.Video, dataset.Folder));
        return new PersonPipelineResult(dataset, model);
    }
}
