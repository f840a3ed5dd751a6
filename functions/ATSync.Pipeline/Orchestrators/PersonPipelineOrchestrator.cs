using ATSync.Pipeline.Payloads;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Orchestrators;

/// <summary>What a video upload starts: PrepareDataset, then TrainPerson, as sub-orchestrations with ids derived from
/// this one (so the whole chain is as idempotent as the upload's instance id).</summary>
[DurableTask(Name)]
public sealed class PersonPipelineOrchestrator : TaskOrchestrator<PersonPipelineInput, PersonPipelineResult>
{
    public const string Name = "PersonPipeline";

    public override async Task<PersonPipelineResult> RunAsync(TaskOrchestrationContext context, PersonPipelineInput input)
    {
        var dataset = await context.CallSubOrchestratorAsync<DatasetResult>(PrepareDatasetOrchestrator.Name,
            new PrepareDatasetInput(input.Upload, input.Prepare), new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}:prepare" });
        var model = await context.CallSubOrchestratorAsync<PersonModel>(TrainPersonOrchestrator.Name,
            new TrainPersonInput(input.Upload.PersonId, input.Train, input.Upload.Video),
            new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}:train" });
        return new PersonPipelineResult(dataset, model);
    }
}
