namespace ATSync.Pipeline.Payloads;

public sealed record PrepareDatasetInput(VideoUpload Upload, PrepareSettings Settings);
