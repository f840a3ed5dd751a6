using System.Globalization;
using OpenCvSharp;

namespace ATSync.Core.Media;

/// <summary>
/// Encodes BGR24 frames pushed by the caller (25 fps) with a soundtrack into an H.264 (libx264, yuv420p, veryfast,
/// CRF 18) + AAC mp4. The file is written under a hidden temporary name in the output's folder and renamed to the
/// output path only after ffmpeg finished successfully; on failure, cancellation or disposal before
/// <see cref="CompleteAsync"/>, ffmpeg is stopped and the temporary file deleted, so no half-written file remains.
/// <para>Length: the output lasts exactly as long as the audio (to within a frame). Extra frames are cut; when the
/// caller pushed fewer than <see cref="FramesNeeded"/>, the last frame is held until the audio ends.</para>
/// <para>Odd sizes: yuv420p needs even dimensions, so an odd width or height gets one more column/row on the
/// right/bottom, a copy of the edge pixels (no rescaling: the picture stays pixel-exact, and no black line shows).</para>
/// Calls must not overlap: push frames from one task at a time.
/// </summary>
public sealed class Mp4Writer : IAsyncDisposable
{
    private readonly FfmpegProcess _ffmpeg;
    private readonly string _tempPath;
    private readonly int _frameBytes;
    private byte[]? _matScratch;
    private bool _finished;
    private bool _encoderHasAllFrames;

    private Mp4Writer(string outputPath, string tempPath, int width, int height, AudioStreamInfo audio, FfmpegProcess ffmpeg)
    {
        OutputPath = outputPath;
        _tempPath = tempPath;
        Width = width;
        Height = height;
        AudioDuration = audio.Duration;
        _ffmpeg = ffmpeg;
        _frameBytes = width * height * 3;
    }

    public const int FrameRate = VideoStreamInfo.WorkingFrameRate;

    public string OutputPath { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The soundtrack's duration, which is the output's duration.</summary>
    public TimeSpan AudioDuration { get; }

    /// <summary>Frames that cover the audio at 25 fps: ceil(audio duration x 25).</summary>
    public int FramesNeeded => (int)Math.Ceiling(AudioDuration.TotalSeconds * FrameRate - 1e-6);

    public int FramesWritten { get; private set; }

    /// <summary>
    /// Starts ffmpeg. <paramref name="audioPath"/> is any file with an audio stream (its first one is used).
    /// </summary>
    public static async Task<Mp4Writer> StartAsync(string outputPath, int width, int height, string audioPath, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        var audio = (await MediaProbe.ProbeAsync(audioPath, cancellationToken).ConfigureAwait(false)).RequireAudio();
        var fullOutput = Path.GetFullPath(outputPath);
        var folder = Path.GetDirectoryName(fullOutput)!;
        Directory.CreateDirectory(folder);
        var tempPath = Path.Combine(folder, $".{Path.GetFileName(fullOutput)}.{Guid.NewGuid():N}.partial");
        var seconds = audio.Duration.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture);
        var ffmpeg = FfmpegProcess.Start("ffmpeg", fullOutput,
        [
            "-hide_banner", "-v", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", $"{width}x{height}", "-framerate", $"{FrameRate}", "-i", "pipe:0",
            .. MediaInputPolicy.InputOptions,
            "-i", audioPath,
            "-map", "0:v:0", "-map", "1:a:0",
            // Hold the last frame if the video is short; -t below cuts both streams at the audio's end.
            "-vf", $"tpad=stop_mode=clone:stop_duration={seconds}{EvenSizeFilter(width, height)}",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-r", $"{FrameRate}",
            "-c:a", "aac", "-b:a", "160k",
            "-t", seconds,
            "-movflags", "+faststart",
            "-f", "mp4", tempPath,
        ], redirectInput: true);
        return new Mp4Writer(fullOutput, tempPath, width, height, audio, ffmpeg);
    }

    /// <summary>
    /// Pushes one frame: packed BGR24, Width x Height x 3 bytes, no row padding. Frames beyond
    /// <see cref="FramesNeeded"/> are counted but not encoded (the audio has ended).
    /// </summary>
    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> bgr24, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (bgr24.Length != _frameBytes)
            throw new ArgumentException($"a {Width}x{Height} BGR24 frame has {_frameBytes} bytes, got {bgr24.Length}", nameof(bgr24));
        if (cancellationToken.IsCancellationRequested)
        {
            await AbortAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (FramesWritten >= FramesNeeded || _encoderHasAllFrames)
        {
            FramesWritten++;
            return;
        }

        try
        {
            await _ffmpeg.StandardInput.WriteAsync(bgr24, cancellationToken).ConfigureAwait(false);
            FramesWritten++;
        }
        catch (OperationCanceledException)
        {
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
        catch (IOException e)
        {
            // ffmpeg closed its input. After a clean exit that only means -t was reached; otherwise it failed.
            var exit = await _ffmpeg.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (exit == 0 && File.Exists(_tempPath))
            {
                _encoderHasAllFrames = true;
                FramesWritten++;
                return;
            }

            await AbortAsync().ConfigureAwait(false);
            throw new MediaException(OutputPath, $"ffmpeg stopped encoding: {_ffmpeg.ErrorSummary(_tempPath, e.Message)}", e);
        }
    }

    /// <summary>Pushes one CV_8UC3 (BGR) frame of Width x Height; the Mat is copied, the caller keeps it.</summary>
    public ValueTask WriteFrameAsync(Mat frame, CancellationToken cancellationToken = default)
    {
        if (frame.Type() != MatType.CV_8UC3 || frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"expected a {Width}x{Height} CV_8UC3 frame, got {frame.Width}x{frame.Height} {frame.Type()}", nameof(frame));
        _matScratch ??= new byte[_frameBytes];
        CopyRows(frame, _matScratch);
        return WriteFrameAsync(_matScratch, cancellationToken);
    }

    /// <summary>Ends the input, waits for ffmpeg and moves the finished file to <see cref="OutputPath"/>.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (FramesWritten == 0)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new MediaException(OutputPath, "no frame was written; nothing to encode");
        }

        try
        {
            if (!_encoderHasAllFrames) await _ffmpeg.StandardInput.DisposeAsync().ConfigureAwait(false);
            var exit = await _ffmpeg.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (exit != 0 || !File.Exists(_tempPath))
                throw new MediaException(OutputPath, $"ffmpeg failed to encode the video: {_ffmpeg.ErrorSummary(_tempPath, $"exit code {exit}")}");
            File.Move(_tempPath, OutputPath, overwrite: true);
            _finished = true;
            _ffmpeg.Dispose();
        }
        catch (Exception)
        {
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Without a completed write: stops ffmpeg and deletes the temporary file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_finished) await AbortAsync().ConfigureAwait(false);
    }

    private async Task AbortAsync()
    {
        if (_finished) return;
        _finished = true;
        _ffmpeg.Kill();
        try
        {
            await _ffmpeg.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _ffmpeg.Dispose();
        try
        {
            File.Delete(_tempPath);
        }
        catch (IOException)
        {
            // Best effort; the name is hidden and unique, never mistaken for a result.
        }
    }

    // Pads odd sizes by one column/row and fills it with the edge pixels (planar RGB, where fillborders works).
    private static string EvenSizeFilter(int width, int height)
    {
        int right = width % 2, bottom = height % 2;
        return right + bottom == 0
            ? ""
            : $",format=gbrp,pad={width + right}:{height + bottom}:0:0,fillborders=right={right}:bottom={bottom}:mode=smear";
    }

    private static unsafe void CopyRows(Mat frame, byte[] target)
    {
        var height = frame.Height;
        var rowBytes = frame.Width * 3;
        var step = (long)frame.Step();
        var src = (byte*)frame.Data;
        for (var y = 0; y < height; y++)
            new ReadOnlySpan<byte>(src + y * step, rowBytes).CopyTo(target.AsSpan(y * rowBytes, rowBytes));
    }
}
