using ATSync.Pipeline.Payloads;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Orchestrators;

/// <summary>One GPU worker job as an orchestration of its own (<see cref="WorkerJobWait"/>): for ad-hoc jobs and for
/// testing the wait; TrainPerson and Lipsync run the same wait inline.</summary>
[DurableTask(Name)]
public sealed class WorkerJobOrchestrator : TaskOrchestrator<WorkerJobInput, WorkerJobOutcome>
{
    public const string Name = "WorkerJob";

    public override Task<WorkerJobOutcome> RunAsync(TaskOrchestrationContext context, WorkerJobInput job) =>
        WorkerJobWait.RunAsync(context, job);
}
