using ATSync.Core.Audio;

namespace ATSync.Pipeline.Payloads;

/// <summary>How to prepare a dataset (fixed when the orchestration starts, so replays see the same values).</summary>
public sealed record PrepareSettings(int Segments, AudioFeatureKind Asr);
