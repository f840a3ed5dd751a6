using System.Globalization;
using System.Text.Json;

namespace ATSync.Core.Media;

/// <summary>
/// Reads a media file's streams with ffprobe (JSON output, parsed here: we need the display-matrix rotation and the
/// cover-art disposition, which are simplest to read straight from ffprobe's own fields).
/// </summary>
public static class MediaProbe
{
    /// <summary>Probes <paramref name="path"/>; any unusable file gives a <see cref="MediaException"/> naming it.</summary>
    public static async Task<MediaInfo> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        CheckFileIsThere(path);
        using var ffprobe = FfmpegProcess.Start("ffprobe", path,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path]);
        using var json = new MemoryStream();
        try
        {
            await ffprobe.StandardOutput.CopyToAsync(json, cancellationToken).ConfigureAwait(false);
            var exit = await ffprobe.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (exit != 0)
                throw new MediaException(path, $"not a readable media file, or truncated/corrupt (ffprobe: {ffprobe.ErrorSummary(path, $"exit code {exit}")})");
        }
        catch (OperationCanceledException)
        {
            ffprobe.Kill();
            throw;
        }

        return Parse(path, json.ToArray());
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

    private static MediaInfo Parse(string path, byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var format = root.TryGetProperty("format", out var f) ? f : default;
        var formatName = format.ValueKind == JsonValueKind.Object ? String(format, "format_name") ?? "" : "";
        var formatDuration = Seconds(format, "duration");

        VideoStreamInfo? video = null;
        AudioStreamInfo? audio = null;
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var s in streams.EnumerateArray())
            {
                var type = String(s, "codec_type");
                if (type == "video" && video is null && !IsCoverArt(s)) video = ParseVideo(s, formatDuration);
                else if (type == "audio" && audio is null) audio = ParseAudio(s, formatDuration);
            }
        }

        if (video is null && audio is null)
            throw new MediaException(path, $"has no audio or video stream (format '{formatName}'); not a usable media file");
        // A zero duration is left to the decoders, which say what is empty (e.g. "the audio stream has no samples").
        var duration = formatDuration ?? Max(video?.Duration, audio?.Duration);
        return new MediaInfo(path, formatName, duration, video, audio);
    }

    private static VideoStreamInfo ParseVideo(JsonElement s, TimeSpan? formatDuration)
    {
        var codedWidth = Int(s, "width");
        var codedHeight = Int(s, "height");
        var rotation = 0;
        if (s.TryGetProperty("side_data_list", out var sideData))
        {
            foreach (var d in sideData.EnumerateArray())
            {
                if (d.TryGetProperty("rotation", out var r) && r.TryGetDouble(out var degrees))
                    rotation = ((int)Math.Round(degrees) % 360 + 360) % 360;
            }
        }

        var quarterTurn = rotation is 90 or 270;
        return new VideoStreamInfo(
            Codec: String(s, "codec_name") ?? "unknown",
            Width: quarterTurn ? codedHeight : codedWidth,
            Height: quarterTurn ? codedWidth : codedHeight,
            CodedWidth: codedWidth,
            CodedHeight: codedHeight,
            Rotation: rotation,
            AverageFrameRate: Rational(String(s, "avg_frame_rate")),
            RealFrameRate: Rational(String(s, "r_frame_rate")),
            Duration: Seconds(s, "duration") ?? formatDuration ?? TimeSpan.Zero);
    }

    private static AudioStreamInfo ParseAudio(JsonElement s, TimeSpan? formatDuration) =>
        new(String(s, "codec_name") ?? "unknown",
            int.TryParse(String(s, "sample_rate"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rate) ? rate : 0,
            Int(s, "channels"),
            Seconds(s, "duration") ?? formatDuration ?? TimeSpan.Zero);

    // MP3/M4A cover images appear as a one-frame video stream marked attached_pic; they are not video.
    private static bool IsCoverArt(JsonElement s) =>
        s.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var a) && a.TryGetInt32(out var v) && v == 1;

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : 0;

    private static TimeSpan? Seconds(JsonElement e, string name) =>
        double.TryParse(String(e, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? TimeSpan.FromSeconds(s) : null;

    private static double Rational(string? text)
    {
        if (text is null) return 0;
        var parts = text.Split('/');
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d == 0)
            return 0;
        return n / d;
    }

    private static TimeSpan Max(TimeSpan? a, TimeSpan? b) =>
        TimeSpan.FromTicks(Math.Max(a?.Ticks ?? 0, b?.Ticks ?? 0));
}
