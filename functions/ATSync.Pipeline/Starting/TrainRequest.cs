namespace ATSync.Pipeline.Starting;

/// <summary>Body of POST /api/persons/{person}/train (optional): worker parameters (the CLI's flags without dashes,
/// e.g. {"epochs": "20"}) and a request id that makes a retried POST start the same training.</summary>
public sealed record TrainRequest(Dictionary<string, string>? Parameters = null, string? RequestId = null);
