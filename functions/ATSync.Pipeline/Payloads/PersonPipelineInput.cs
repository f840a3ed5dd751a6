namespace ATSync.Pipeline.Payloads;

/// <summary>Input of the whole pipeline a video upload starts: prepare the dataset, then train.</summary>
public sealed record PersonPipelineInput(VideoUpload Upload, PrepareSettings Prepare, TrainSettings Train);
