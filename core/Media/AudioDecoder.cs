using System.Globalization;
using System.Runtime.InteropServices;

namespace ATSync.Core.Media;

/// <summary>
/// Decodes the first audio stream of any file ffmpeg reads (wav, mp3, m4a/aac, ogg, or a video's soundtrack) to
/// 16 kHz mono float32 in [-1, 1], the input of every audio feature extractor.
/// </summary>
public static class AudioDecoder
{
    public const int SampleRate = 16000;

    /// <summary>
    /// Decodes <paramref name="path"/> to 16 kHz mono. Channels are averaged here rather than with ffmpeg's `-ac 1`,
    /// whose float downmix is 0.707 x (L + R): louder than either channel and able to exceed 1.0. The mean is what
    /// librosa and soundfile users get.
    /// </summary>
    public static async Task<float[]> Decode16kMonoAsync(string path, CancellationToken cancellationToken = default)
    {
        var info = await MediaProbe.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        return await Decode16kMonoAsync(info, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decodes an already probed file (see the other overload).</summary>
    public static async Task<float[]> Decode16kMonoAsync(MediaInfo info, CancellationToken cancellationToken = default)
    {
        var path = info.Path;
        var audio = info.RequireAudio();
        var channels = Math.Max(1, audio.Channels);
        using var ffmpeg = FfmpegProcess.Start("ffmpeg", path,
        [
            "-nostdin", "-hide_banner", "-v", "error",
            .. MediaInputPolicy.InputOptions,
            "-i", path,
            "-map", "0:a:0", "-vn", "-sn", "-dn",
            "-ac", channels.ToString(CultureInfo.InvariantCulture),
            "-ar", SampleRate.ToString(CultureInfo.InvariantCulture),
            "-f", "f32le", "pipe:1",
        ]);
        var expectedBytes = (long)(audio.Duration.TotalSeconds * SampleRate * channels * sizeof(float));
        using var pcm = new MemoryStream((int)Math.Clamp(expectedBytes + 65536, 65536, int.MaxValue / 2));
        try
        {
            await ffmpeg.StandardOutput.CopyToAsync(pcm, cancellationToken).ConfigureAwait(false);
            var exit = await ffmpeg.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (exit != 0)
                throw new MediaException(path, $"ffmpeg failed to decode the audio: {ffmpeg.ErrorSummary(path, $"exit code {exit}")}");
        }
        catch (OperationCanceledException)
        {
            ffmpeg.Kill();
            throw;
        }

        var interleaved = MemoryMarshal.Cast<byte, float>(pcm.GetBuffer().AsSpan(0, (int)(pcm.Length / (sizeof(float) * channels) * sizeof(float) * channels)));
        var mono = Downmix(interleaved, channels);
        if (mono.Length == 0)
            throw new MediaException(path, "the audio stream has no samples (empty audio)");
        CheckNotTruncated(info, audio, mono.Length, ffmpeg);
        return mono;
    }

    private static float[] Downmix(ReadOnlySpan<float> interleaved, int channels)
    {
        if (channels == 1) return interleaved.ToArray();
        var mono = new float[interleaved.Length / channels];
        var scale = 1f / channels;
        for (int i = 0, j = 0; i < mono.Length; i++)
        {
            var sum = 0f;
            for (var c = 0; c < channels; c++) sum += interleaved[j++];
            mono[i] = sum * scale;
        }

        return mono;
    }

    // A cut-off file decodes "successfully" up to the cut; the container's stated duration reveals it. MP3 durations
    // are estimated from the bitrate when there is no header, so only a gross shortfall counts.
    private static void CheckNotTruncated(MediaInfo info, AudioStreamInfo audio, int samples, FfmpegProcess ffmpeg)
    {
        var decoded = samples / (double)SampleRate;
        var stated = audio.Duration.TotalSeconds;
        if (stated - decoded > 1.0 && decoded < 0.9 * stated)
        {
            var detail = ffmpeg.ErrorSummary(info.Path, "");
            throw new MediaException(info.Path,
                $"audio ends at {decoded.ToString("0.00", CultureInfo.InvariantCulture)} s of the stated {stated.ToString("0.00", CultureInfo.InvariantCulture)} s: the file is truncated or corrupt"
                + (detail.Length == 0 ? "" : $" (ffmpeg: {detail})"));
        }
    }
}
