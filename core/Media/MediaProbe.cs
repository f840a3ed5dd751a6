using FFMpegCore;
using FFMpegCore.Exceptions;

namespace ATSync.Core.Media;

/// <summary>
/// Reads a media file's streams with ffprobe through FFMpegCore (the package the product names for this), which also
/// gives what we need beyond sizes and rates: the display-matrix rotation and the cover-art disposition. Decoding and
/// encoding stay on our own <see cref="FfmpegProcess"/> pipes (see <see cref="VideoFrameReader"/>): FFMpegCore's pipe
/// sinks hand frames over as streams it copies, where we read each raw frame into a pooled buffer.
/// </summary>
public static class MediaProbe
{
    /// <summary>Probes <paramref name="path"/>; any unusable file gives a <see cref="MediaException"/> naming it.</summary>
    public static async Task<MediaInfo> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        CheckFileIsThere(path);
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, Options(path), cancellationToken: cancellationToken,
                customArguments: string.Join(' ', MediaInputPolicy.InputOptions)).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw FfmpegProcess.MissingTool(path, "ffprobe", e);
        }
        catch (FFProbeProcessException e) when (MediaInputPolicy.Refusal(string.Join('\n', e.StandardError)) is { } refusal)
        {
            throw new MediaException(path, $"refused: {refusal}");
        }
        catch (FFProbeProcessException e)
        {
            throw new MediaException(path, "not a readable media file, or truncated/corrupt (ffprobe: " +
                                           $"{FfmpegProcess.Summarise(e.StandardError, path, $"exit code {e.ExitCode}")})");
        }
        catch (Exception e) when (e is FFMpegException or FormatException or OverflowException)
        {
            throw new MediaException(path, $"not a readable media file ({e.Message})");
        }
        return From(path, analysis);
    }

    /// <summary>
    /// ffprobe from <see cref="FfmpegProcess.DirectoryVariable"/> when set, as every other ffmpeg call, else from PATH.
    /// FFMpegCore quietly falls back to PATH when its folder lacks the tool; the override is meant to be the one used
    /// (e.g. a static build in a Functions package), so a missing one is an error here.
    /// </summary>
    private static FFOptions Options(string path)
    {
        var tool = FfmpegProcess.ToolPath("ffprobe");
        if (Path.IsPathRooted(tool) && !File.Exists(tool)) throw FfmpegProcess.MissingTool(path, "ffprobe");
        return new FFOptions { BinaryFolder = Path.GetDirectoryName(tool) ?? "" };
    }

    /// <summary>Probes and requires a video stream (and an audio stream when <paramref name="requireAudio"/>).</summary>
    public static async Task<MediaInfo> ProbeVideoAsync(string path, bool requireAudio = false, CancellationToken cancellationToken = default)
    {
        var info = await ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        info.RequireVideo();
        if (requireAudio) info.RequireAudio();
        return info;
    }

    internal static void CheckFileIsThere(string path)
    {
        if (Directory.Exists(path)) throw new MediaException(path, "is a folder, not a media file");
        if (!File.Exists(path)) throw new MediaException(path, "file not found");
        if (new FileInfo(path).Length == 0) throw new MediaException(path, "file is empty (0 bytes)");
    }

    private static MediaInfo From(string path, IMediaAnalysis analysis)
    {
        var formatName = analysis.Format?.FormatName ?? "";
        TimeSpan? formatDuration = analysis.Format?.Duration > TimeSpan.Zero ? analysis.Format.Duration : null;
        // MP3/M4A cover images appear as a one-frame video stream marked attached_pic; they are not video.
        var picture = analysis.VideoStreams.FirstOrDefault(v => !(v.Disposition?.TryGetValue("attached_pic", out var cover) == true && cover));
        var sound = analysis.AudioStreams.FirstOrDefault();
        var video = picture is null ? null : Video(picture, OwnDuration(analysis, picture) ?? formatDuration ?? TimeSpan.Zero);
        var audio = sound is null ? null : new AudioStreamInfo(sound.CodecName ?? "unknown", sound.SampleRateHz ?? 0, sound.Channels ?? 0,
            OwnDuration(analysis, sound) ?? formatDuration ?? TimeSpan.Zero);
        if (video is null && audio is null)
            throw new MediaException(path, $"has no audio or video stream (format '{formatName}'); not a usable media file");
        // A zero duration is left to the decoders, which say what is empty (e.g. "the audio stream has no samples").
        var duration = formatDuration ?? Max(video?.Duration, audio?.Duration);
        return new MediaInfo(path, formatName, duration, video, audio);
    }

    /// <summary>
    /// The stream's own duration field. FFMpegCore falls back to a Matroska DURATION tag where the stream has none,
    /// which for WebM is the last packet's time (4.29 s of a 4.32 s clip): the container's duration is what ffmpeg's
    /// 25 fps conversion fills, so a stream without its own takes that.
    /// </summary>
    private static TimeSpan? OwnDuration(IMediaAnalysis analysis, MediaStream stream) =>
        analysis.Raw?.Streams.FirstOrDefault(r => r.Index == stream.Index)?.Duration is { Length: > 0 } raw
        && TimeSpan.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : null;

    private static VideoStreamInfo Video(VideoStream s, TimeSpan duration)
    {
        int codedWidth = s.Width ?? 0, codedHeight = s.Height ?? 0;
        var rotation = (s.Rotation % 360 + 360) % 360;
        var quarterTurn = rotation is 90 or 270;
        return new VideoStreamInfo(
            Codec: s.CodecName ?? "unknown",
            Width: quarterTurn ? codedHeight : codedWidth,
            Height: quarterTurn ? codedWidth : codedHeight,
            CodedWidth: codedWidth,
            CodedHeight: codedHeight,
            Rotation: rotation,
            AverageFrameRate: Finite(s.AverageFrameRate),
            RealFrameRate: Finite(s.RealFrameRate),
            Duration: duration);
    }

    // FFMpegCore divides "0/0" rates into NaN; our callers read 0 as "unknown".
    private static double Finite(double rate) => double.IsFinite(rate) && rate > 0 ? rate : 0;

    private static TimeSpan Max(TimeSpan? a, TimeSpan? b) =>
        TimeSpan.FromTicks(Math.Max(a?.Ticks ?? 0, b?.Ticks ?? 0));
}
