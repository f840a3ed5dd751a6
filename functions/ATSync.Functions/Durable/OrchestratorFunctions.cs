using ATSync.Pipeline.Orchestrators;
using ATSync.Pipeline.Payloads;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace ATSync.Functions.Durable;

/// <summary>[Function] entry points of the pipeline's class-based orchestrators (the source generator that would write
/// these is not available here). Each runs the very class the local host and the tests run.</summary>
public static class OrchestratorFunctions
{
    [Function(PersonPipelineOrchestrator.Name)]
    public static Task<PersonPipelineResult> PersonPipeline([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PersonPipelineOrchestrator().RunAsync(context, context.GetInput<PersonPipelineInput>()!);

    [Function(PrepareDatasetOrchestrator.Name)]
    public static Task<DatasetResult> PrepareDataset([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PrepareDatasetOrchestrator().RunAsync(context, context.GetInput<PrepareDatasetInput>()!);

    [Function(TrainPersonOrchestrator.Name)]
    public static Task<PersonModel> TrainPerson([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new TrainPersonOrchestrator().RunAsync(context, context.GetInput<TrainPersonInput>()!);

    [Function(LipsyncOrchestrator.Name)]
    public static Task<LipsyncResult> Lipsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new LipsyncOrchestrator().RunAsync(context, context.GetInput<LipsyncInput>()!);

    [Function(WorkerJobOrchestrator.Name)]
    public static Task<WorkerJobOutcome> WorkerJob([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new WorkerJobOrchestrator().RunAsync(context, context.GetInput<WorkerJobInput>()!);
}
