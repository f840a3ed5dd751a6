namespace ATSync.Pipeline.Payloads;

/// <summary>Train the person's model on the dataset folder <paramref name="Dataset"/> (null, from orchestrations started
/// before dataset versions: <c>datasets/{person}/</c>); <paramref name="Video"/> is kept for lip-sync.</summary>
public sealed record TrainPersonInput(string PersonId, TrainSettings Settings, Storage.BlobRef? Video = null, Storage.BlobRef? Dataset = null);
