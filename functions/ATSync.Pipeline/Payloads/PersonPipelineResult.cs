namespace ATSync.Pipeline.Payloads;

public sealed record PersonPipelineResult(DatasetResult Dataset, PersonModel Model);
