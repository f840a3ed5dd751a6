namespace ATSync.Core.Media;

/// <summary>
/// What ffmpeg and ffprobe may open when they read a file a user gave us: local files only, through the demuxers of
/// ordinary audio and video containers. Without this a "video" that is really an HLS playlist or a concat list (any
/// extension will do) makes ffmpeg read other files of the machine, or URLs, into the result. The protocol list alone
/// would not stop that (those demuxers read local files through the file protocol), so the demuxers are listed too.
/// Our own pipes (raw frames into the encoder) are not user input and take no such options.
/// </summary>
public static class MediaInputPolicy
{
    /// <summary>Demuxer names (ffmpeg's <c>-format_whitelist</c>): MP4/MOV, Matroska/WebM, AVI, MPEG-PS/TS, FLV, ASF/WMV,
    /// WAV/W64, AIFF, CAF, MP3, Ogg (Opus, Vorbis), FLAC, ADTS AAC.</summary>
    public const string Containers = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpeg,mpegts,flv,asf,wav,w64,aiff,caf,mp3,ogg,flac,aac";

    /// <summary>Protocols (ffmpeg's <c>-protocol_whitelist</c>): the file itself, nothing fetched.</summary>
    public const string Protocols = "file";

    /// <summary>Input options to put before a user file's <c>-i</c> (or anywhere on ffprobe's command line).</summary>
    public static IReadOnlyList<string> InputOptions { get; } =
        ["-protocol_whitelist", Protocols, "-format_whitelist", Containers];

    /// <summary>The one-line reason when ffmpeg's error says the container or a protocol was refused; otherwise null.</summary>
    public static string? Refusal(string? ffmpegError)
    {
        if (string.IsNullOrEmpty(ffmpegError)) return null;
        foreach (var line in ffmpegError.Split('\n'))
        {
            if (line.Contains("Format not on whitelist", StringComparison.Ordinal))
                return $"its container ({Demuxer(line) ?? "unknown"}) is not an accepted audio/video format; use MP4, MOV, MKV, WebM, AVI, MPEG, WAV, MP3, Ogg, FLAC or AAC";
            if (line.Contains("Protocol not on whitelist", StringComparison.Ordinal))
                return "it refers to other files or URLs (only a self-contained audio/video file is accepted)";
        }
        return null;
    }

    // "[hls @ 0x55c5bd9be640] Format not on whitelist '...'" -> "hls"
    private static string? Demuxer(string line)
    {
        var open = line.IndexOf('[', StringComparison.Ordinal);
        var at = line.IndexOf(" @ ", StringComparison.Ordinal);
        return open >= 0 && at > open + 1 ? line[(open + 1)..at] : null;
    }
}
