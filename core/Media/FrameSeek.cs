using System.Globalization;
using System.Text.Json;

namespace ATSync.Core.Media;

/// <summary>
/// How a read of frames First..Last starts decoding near First and still yields exactly the frames a full read gives
/// them (same indices, same pixels), so a fanned-out segment costs its own length rather than its position.
/// <para>
/// A full read's 25 fps grid is anchored at the first decoded frame: ffmpeg shifts timestamps by the file's start time
/// and its fps filter rounds each frame's time to the nearest 1/25 s tick, numbering ticks from the first frame's.
/// The seek keeps the file's own timestamps (<c>-copyts</c>) and applies the same shift itself (<c>setpts</c>, in the
/// stream's own time base, so every frame's time is the full read's to the unit), starts decoding at the key frame
/// at or before <see cref="Lead"/> ahead of First, and selects the full read's ticks by number (<c>trim</c> on the fps
/// filter's tick timestamps). Ticks are decided by neighbouring frames only, and the frames near the key frame, where the two
/// reads' grids could start differently, fall before the selection. If the seek ever lands after First, the selection
/// comes up short and the read fails; it never shifts frames silently.
/// </para>
/// <para>
/// Planned only where that reasoning holds: an indexed container (MP4/MOV, Matroska/WebM), whose seeks land on a key
/// frame at or before the target, and a readable first timestamp and time base.
/// Anything else (MPEG program streams, TS, AVI, ...) reads from the start and skips, as before.
/// </para>
/// </summary>
internal sealed class FrameSeek
{
    /// <summary>How far before the first wanted frame decoding starts (at least one key frame's worth of frames).</summary>
    public static readonly TimeSpan Lead = TimeSpan.FromSeconds(2);

    /// <summary>Containers with an index: ffmpeg's seek lands on a key frame at or before the target.</summary>
    private static readonly string[] IndexedFormats = ["mov", "mp4", "matroska", "webm"];

    private const int Rate = VideoStreamInfo.WorkingFrameRate;

    private readonly long _shift;
    private readonly long _firstTick;
    private readonly double _seekSeconds;

    private FrameSeek(long shift, long firstTick, double seekSeconds)
    {
        _shift = shift;
        _firstTick = firstTick;
        _seekSeconds = seekSeconds;
    }

    /// <summary>Input options: the file's own timestamps, and a seek when there is anything worth skipping.</summary>
    public IEnumerable<string> InputOptions =>
        _seekSeconds > 0
            ? ["-copyts", "-noaccurate_seek", "-ss", _seekSeconds.ToString("0.######", CultureInfo.InvariantCulture)]
            : ["-copyts"];

    /// <summary>The filter that makes the 25 fps grid and keeps frames <paramref name="range"/> of the full read.</summary>
    public string Filter(FrameRange range) =>
        (_shift == 0 ? "" : $"setpts=PTS{(_shift > 0 ? "-" : "+")}{Math.Abs(_shift)},") +
        $"fps={Rate},trim=start_pts={_firstTick + range.First}:end_pts={_firstTick + range.Last + 1}";

    /// <summary>A plan for reading from <paramref name="first"/> on, or null where only a full read is exact.</summary>
    public static async Task<FrameSeek?> PlanAsync(MediaInfo info, int first, CancellationToken cancellationToken)
    {
        var formats = info.FormatName.Split(',');
        if (!formats.Any(f => IndexedFormats.Contains(f))) return null;
        var start = await ProbeStartAsync(info.Path, cancellationToken).ConfigureAwait(false);
        if (start is not { } s) return null;

        // What a full read subtracts from every timestamp: the format's start rescaled to the stream's time base, as
        // ffmpeg rounds it (an Opus track's pre-skip makes WebM start at -7 ms, for instance).
        var shift = RescaleRounded(s.FormatStartMicroseconds * s.TimeBaseDen, 1_000_000L * s.TimeBaseNum);
        // The first frame's tick in the full read: its index i is tick firstTick + i.
        var firstTick = RescaleRounded((s.FirstFramePts - shift) * s.TimeBaseNum * Rate, s.TimeBaseDen);
        // ffmpeg seeks to -ss plus the format's start, i.e. to the shifted timeline's time.
        var seek = (double)(firstTick + first) / Rate - Lead.TotalSeconds;
        return new FrameSeek(shift, firstTick, Math.Max(0, seek));
    }

    /// <summary>a / b rounded to nearest, halves away from zero (ffmpeg's av_rescale rounding), exactly.</summary>
    private static long RescaleRounded(long a, long b) =>
        (long)Math.Round((decimal)a / b, MidpointRounding.AwayFromZero);

    private readonly record struct StreamStart(long FirstFramePts, long TimeBaseNum, long TimeBaseDen, long FormatStartMicroseconds);

    /// <summary>
    /// The first decoded frame's timestamp (as ffmpeg would feed it to its filters), the stream's time base and the
    /// format's start time; null where any is missing or unreadable.
    /// </summary>
    private static async Task<StreamStart?> ProbeStartAsync(string path, CancellationToken cancellationToken)
    {
        using var ffprobe = FfmpegProcess.Start("ffprobe", path,
        [
            "-v", "error", .. MediaInputPolicy.InputOptions, "-select_streams", "v:0", "-read_intervals", "%+#16",
            "-show_entries", "stream=time_base:format=start_time:frame=best_effort_timestamp", "-of", "json", path,
        ]);
        using var output = new MemoryStream();
        await ffprobe.StandardOutput.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        if (await ffprobe.WaitForExitAsync(cancellationToken).ConfigureAwait(false) != 0) return null;
        try
        {
            using var json = JsonDocument.Parse(output.ToArray());
            var root = json.RootElement;
            if (!root.TryGetProperty("frames", out var frames) || frames.GetArrayLength() == 0
                || !frames[0].TryGetProperty("best_effort_timestamp", out var pts)) return null;
            var timeBase = root.GetProperty("streams")[0].GetProperty("time_base").GetString()?.Split('/');
            var formatStart = root.GetProperty("format").TryGetProperty("start_time", out var st) ? st.GetString() : null;
            if (timeBase is not [var num, var den] || formatStart is null) return null;
            var tbNum = long.Parse(num, CultureInfo.InvariantCulture);
            var tbDen = long.Parse(den, CultureInfo.InvariantCulture);
            if (tbNum <= 0 || tbDen <= 0) return null;
            var startMicroseconds = (long)Math.Round(decimal.Parse(formatStart, CultureInfo.InvariantCulture) * 1_000_000m);
            return new StreamStart(pts.GetInt64(), tbNum, tbDen, startMicroseconds);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or IndexOutOfRangeException or FormatException
                                       or OverflowException or InvalidOperationException)
        {
            // Unexpected ffprobe output: read from the start instead, which is always exact.
            return null;
        }
    }
}
