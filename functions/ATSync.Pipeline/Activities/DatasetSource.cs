using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Activities;

/// <summary>datasets/{person}/source.json: the video (and its version) the dataset was made from.</summary>
public sealed record DatasetSource(BlobRef Video, string ETag);
