using ATSync.Worker.Client;

namespace ATSync.Pipeline.Payloads;

/// <summary>
/// The custom status of an orchestration while it waits for a GPU worker job (<c>WorkerJobWait</c>): which job, how
/// often it asked, and what the worker last said: its state, stage and overall progress (0..1), and for a training the
/// epoch, held-out score and expected end. <c>GET /api/persons/{id}</c> shows it for running jobs.
/// </summary>
public sealed record WorkerJobProgress(string WorkerJob, bool Waiting, int Polls, string? State = null, bool Unreachable = false,
    string? Stage = null, double? Progress = null, TrainingState? Training = null)
{
    /// <summary>As the custom status: camelCase JSON like the rest of the API (the task hub's converter would write the
    /// record's PascalCase names).</summary>
    public static System.Text.Json.Nodes.JsonNode AsCustomStatus(WorkerJobProgress progress) =>
        System.Text.Json.JsonSerializer.SerializeToNode(progress, PipelineJson.Options)!;

    /// <summary>Reads a custom status written by <see cref="AsCustomStatus"/>; null for none or another shape.</summary>
    public static WorkerJobProgress? FromCustomStatus(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<WorkerJobProgress>(json, PipelineJson.Options) is { WorkerJob.Length: > 0 } progress
                ? progress
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
