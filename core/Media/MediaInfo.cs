namespace ATSync.Core.Media;

/// <summary>What ffprobe knows about a media file, reduced to what ATSync uses.</summary>
/// <param name="Duration">The container's duration (the longest stream).</param>
/// <param name="FormatName">ffprobe's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2".</param>
public sealed record MediaInfo(string Path, string FormatName, TimeSpan Duration, VideoStreamInfo? Video, AudioStreamInfo? Audio)
{
    public bool HasVideo => Video is not null;

    public bool HasAudio => Audio is not null;

    /// <summary>The video stream, or a MediaException saying the file has none (e.g. an audio file given as video).</summary>
    public VideoStreamInfo RequireVideo() =>
        Video ?? throw new MediaException(Path, "has no video stream (a video of the person is needed here, not an audio-only file)");

    /// <summary>The audio stream, or a MediaException saying the file has none (e.g. a silent video given as audio).</summary>
    public AudioStreamInfo RequireAudio() =>
        Audio ?? throw new MediaException(Path, "has no audio stream (speech audio is needed here)");
}
