namespace ATSync.Core.Media;

/// <summary>The first audio stream of a file.</summary>
public sealed record AudioStreamInfo(string Codec, int SampleRate, int Channels, TimeSpan Duration);
