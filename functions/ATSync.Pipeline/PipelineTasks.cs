using ATSync.Pipeline.Activities;
using ATSync.Pipeline.Orchestrators;
using Microsoft.DurableTask;

namespace ATSync.Pipeline;

/// <summary>Every orchestrator and activity of the pipeline, for hosts that register tasks themselves (the local host,
/// the tests); the Functions app exposes the same classes through [Function] wrappers.</summary>
public static class PipelineTasks
{
    public static DurableTaskRegistry AddPipelineTasks(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<PersonPipelineOrchestrator>();
        registry.AddOrchestrator<PrepareDatasetOrchestrator>();
        registry.AddOrchestrator<TrainPersonOrchestrator>();
        registry.AddOrchestrator<LipsyncOrchestrator>();
        registry.AddOrchestrator<WorkerJobOrchestrator>();
        registry.AddActivity<CheckVideoActivity>();
        registry.AddActivity<RejectVideoActivity>();
        registry.AddActivity<ScanSegmentActivity>();
        registry.AddActivity<ExtractAudioFeaturesActivity>();
        registry.AddActivity<AssembleDatasetActivity>();
        registry.AddActivity<SubmitWorkerJobActivity>();
        registry.AddActivity<GetWorkerJobActivity>();
        registry.AddActivity<CancelWorkerJobActivity>();
        registry.AddActivity<PublishModelActivity>();
        registry.AddActivity<ResolvePersonModelActivity>();
        registry.AddActivity<NormaliseAudioActivity>();
        return registry;
    }
}
