namespace ATSync.Pipeline.Payloads;

/// <summary>How to train and wait: worker parameters (the CLI's flags without dashes), callback base URL, polling.</summary>
public sealed record TrainSettings(IReadOnlyDictionary<string, string> Parameters, WaitSettings Wait);
