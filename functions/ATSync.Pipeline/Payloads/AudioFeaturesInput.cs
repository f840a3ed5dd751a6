using ATSync.Core.Audio;

namespace ATSync.Pipeline.Payloads;

public sealed record AudioFeaturesInput(VideoUpload Upload, AudioFeatureKind Asr, int FrameCount);
