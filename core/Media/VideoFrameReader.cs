using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace ATSync.Core.Media;

/// <summary>
/// Decodes a video (anything ffmpeg reads: H.264, HEVC, MPEG-1, VP9, VFR, rotated, odd sizes) into a constant 25 fps
/// sequence of BGR24 frames, streamed from an ffmpeg process through a pipe (`-vf fps=25`, rotation applied by ffmpeg).
/// The sequence has exactly <see cref="FrameCount"/> frames, known before decoding starts (see that property).
/// </summary>
public sealed class VideoFrameReader
{
    /// <summary>Frames decoded ahead of the consumer; decoding overlaps the consumer's work on another core.</summary>
    private const int ReadAhead = 4;

    /// <summary>How many frames ffmpeg may come up short of the probe's count before it counts as a broken file.</summary>
    private const int ShortfallTolerance = 2;

    private VideoFrameReader(MediaInfo info)
    {
        Info = info;
        Video = info.RequireVideo();
    }

    public MediaInfo Info { get; }

    public VideoStreamInfo Video { get; }

    public string Path => Info.Path;

    /// <summary>Displayed width (after rotation).</summary>
    public int Width => Video.Width;

    /// <summary>Displayed height (after rotation).</summary>
    public int Height => Video.Height;

    /// <summary>
    /// The number of frames every full read yields: round(video duration x 25). ffmpeg's fps filter gives this count
    /// (exactly, on the files measured; MPEG program streams can differ by a frame or two): a frame or two more are
    /// dropped, up to <see cref="ShortfallTolerance"/> missing at the end are filled by repeating the last frame, and
    /// anything shorter is a truncated or corrupt file and throws <see cref="MediaException"/>.
    /// </summary>
    public int FrameCount => Video.FrameCountAt25Fps;

    /// <summary>Probes <paramref name="path"/> and checks it has a video stream.</summary>
    public static async Task<VideoFrameReader> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var info = await MediaProbe.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        return new VideoFrameReader(info);
    }

    /// <summary>A reader for an already probed file.</summary>
    public static VideoFrameReader FromProbe(MediaInfo info) => new(info);

    /// <summary>
    /// Decodes the whole video once. Each frame must be disposed by the consumer (see <see cref="VideoFrame"/>).
    /// Throws <see cref="MediaException"/> when ffmpeg fails or the file ends early; stopping the enumeration early or
    /// cancelling ends the ffmpeg process.
    /// </summary>
    public IAsyncEnumerable<VideoFrame> ReadFramesAsync(CancellationToken cancellationToken = default) =>
        ReadFramesAsync(null, cancellationToken);

    /// <summary>
    /// Decodes frames <paramref name="range"/> only (null: all), with the indices and pixels a full read gives them.
    /// Where <see cref="FrameSeek"/> can plan it, decoding starts shortly before the range instead of at the file's
    /// start, so a segment late in a long video costs no more than an early one; elsewhere the frames before the range
    /// are decoded and skipped. A range past the end is cut at the last frame.
    /// </summary>
    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(FrameRange? range, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var wanted = Clamp(range);
        var seek = wanted.First > 0 ? await FrameSeek.PlanAsync(Info, wanted.First, cancellationToken).ConfigureAwait(false) : null;
        // What ffmpeg is asked for: the range itself when seeking, else every frame from the first.
        var decoded = seek is null ? new FrameRange(0, FrameCount - 1) : wanted;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var pool = new FrameBufferPool(Width, Height);
        var channel = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(ReadAhead)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var ffmpeg = FfmpegProcess.Start("ffmpeg", Path, DecodeArguments(seek, decoded));
        ffmpeg.EnlargeOutputPipe(pool.ByteCount);
        var producer = Task.Run(() => ProduceAsync(ffmpeg, pool, decoded, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var frame in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (frame.Index < wanted.First)
                {
                    frame.Dispose();
                    continue;
                }

                yield return frame;
                // The rest of a full read is not wanted; otherwise read on to the channel's end, which carries
                // ffmpeg's exit status.
                if (frame.Index == wanted.Last && decoded.Last != wanted.Last) break;
            }

            if (decoded.Last == wanted.Last) await producer.ConfigureAwait(false);
        }
        finally
        {
            stop.Cancel();
            ffmpeg.Kill();
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The consumer stopped early or was cancelled; the producer's own failure is moot then.
            }

            while (channel.Reader.TryRead(out var unread)) unread.Dispose();
        }
    }

    private FrameRange Clamp(FrameRange? range)
    {
        if (range is not { } r) return new FrameRange(0, FrameCount - 1);
        if (r.First < 0 || r.Last < r.First || r.First >= FrameCount)
            throw new ArgumentOutOfRangeException(nameof(range), $"frames {r} are not within the video's {FrameCount} frames");
        return r with { Last = Math.Min(r.Last, FrameCount - 1) };
    }

    private IEnumerable<string> DecodeArguments(FrameSeek? seek, FrameRange decoded) =>
    [
        "-nostdin", "-hide_banner", "-v", "error",
        .. MediaInputPolicy.InputOptions,
        .. seek?.InputOptions ?? [],
        "-i", Path,
        "-map", "0:v:0", "-an", "-sn", "-dn",
        "-vf", seek?.Filter(decoded) ?? $"fps={VideoStreamInfo.WorkingFrameRate.ToString(CultureInfo.InvariantCulture)}",
        "-fps_mode", "passthrough",
        "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1",
    ];

    /// <summary>
    /// Reads frames <paramref name="range"/> from ffmpeg's pipe. Up to <see cref="ShortfallTolerance"/> frames missing
    /// at the end of the file are filled by repeating the last one; missing anywhere else is an error.
    /// </summary>
    private async Task ProduceAsync(FfmpegProcess ffmpeg, FrameBufferPool pool, FrameRange range, ChannelWriter<VideoFrame> writer, CancellationToken ct)
    {
        Exception? failure = null;
        try
        {
            var expected = range.Length;
            var tolerance = range.Last == FrameCount - 1 ? ShortfallTolerance : 0;
            var decoded = 0;
            FrameBuffer? last = null;
            var stdout = ffmpeg.StandardOutput;
            while (true)
            {
                int got;
                if (decoded < expected)
                {
                    var buffer = pool.Rent();
                    got = await stdout.ReadAtLeastAsync(buffer.Bytes.AsMemory(0, pool.ByteCount), pool.ByteCount, throwOnEndOfStream: false, ct).ConfigureAwait(false);
                    if (got == pool.ByteCount)
                    {
                        // Keep a copy of the newest frame only while the tail might need repeating.
                        if (decoded >= expected - tolerance - 1) last = CopyOf(pool, buffer, last);
                        await writer.WriteAsync(new VideoFrame(pool, buffer, range.First + decoded++), ct).ConfigureAwait(false);
                        continue;
                    }

                    pool.Return(buffer);
                }
                else
                {
                    // ffmpeg gave more than the probe's count (a frame or two at most): drain and drop them.
                    got = await DiscardFrameAsync(stdout, pool.ByteCount, ct).ConfigureAwait(false);
                    if (got == pool.ByteCount)
                    {
                        decoded++;
                        continue;
                    }
                }

                if (got > 0) failure = Broken(ffmpeg, range.First + decoded, $"the last frame was cut off after {got} of {pool.ByteCount} bytes");
                break;
            }

            var exit = await ffmpeg.WaitForExitAsync(ct).ConfigureAwait(false);
            if (failure is null && exit != 0)
                failure = new MediaException(Path, $"ffmpeg failed to decode the video after {decoded} frames: {ffmpeg.ErrorSummary(Path, $"exit code {exit}")}");
            if (failure is null && decoded == 0)
                failure = new MediaException(Path, $"no video frame could be decoded ({ffmpeg.ErrorSummary(Path, "ffmpeg gave no frames")})");
            if (failure is null && decoded < expected - tolerance)
                failure = Broken(ffmpeg, range.First + decoded, "the file is truncated or corrupt");
            if (failure is null)
            {
                for (var i = decoded; i < expected; i++)
                {
                    var copy = CopyOf(pool, last!, null);
                    await writer.WriteAsync(new VideoFrame(pool, copy, range.First + i), ct).ConfigureAwait(false);
                }
            }

            if (last is not null) pool.Return(last);
        }
        catch (Exception e)
        {
            failure = e;
        }

        writer.TryComplete(failure);
    }

    private MediaException Broken(FfmpegProcess ffmpeg, int decoded, string problem) =>
        new(Path, $"decoding stopped at frame {decoded} of {FrameCount}: {problem} (ffmpeg: {ffmpeg.ErrorSummary(Path, "no error message")})");

    private static FrameBuffer CopyOf(FrameBufferPool pool, FrameBuffer source, FrameBuffer? reuse)
    {
        var copy = reuse ?? pool.Rent();
        source.Bytes.AsSpan(0, pool.ByteCount).CopyTo(copy.Bytes);
        return copy;
    }

    private static async Task<int> DiscardFrameAsync(Stream stdout, int byteCount, CancellationToken ct)
    {
        var scratch = new byte[Math.Min(byteCount, 1 << 20)];
        var total = 0;
        while (total < byteCount)
        {
            var n = await stdout.ReadAsync(scratch.AsMemory(0, Math.Min(scratch.Length, byteCount - total)), ct).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }

        return total;
    }
}
