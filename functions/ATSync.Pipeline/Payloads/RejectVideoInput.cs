namespace ATSync.Pipeline.Payloads;

public sealed record RejectVideoInput(VideoUpload Upload, string Reason, string InstanceId);
