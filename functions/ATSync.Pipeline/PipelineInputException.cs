namespace ATSync.Pipeline;

/// <summary>A caller's input is not acceptable (bad person id, blob name, parameters): a 400, never retried.</summary>
public sealed class PipelineInputException(string message) : Exception(message);
