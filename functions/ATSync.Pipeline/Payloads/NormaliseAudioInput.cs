using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Payloads;

public sealed record NormaliseAudioInput(BlobRef Audio, BlobRef Output);
