namespace ATSync.Pipeline;

/// <summary>External events the orchestrations wait for.</summary>
public static class PipelineEvents
{
    /// <summary>The GPU worker's callback: its job ended (body: the worker's JobStatus). A hint only: the orchestration
    /// asks the worker for the authoritative status before acting on it.</summary>
    public const string WorkerJobEnded = "WorkerJobEnded";
}
