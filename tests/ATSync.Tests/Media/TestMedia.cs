using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace ATSync.Tests.Media;

/// <summary>
/// Test inputs made with ffmpeg's lavfi sources in one temp folder per test run, each made once on first use.
/// Media tests share one xunit collection so these ffmpeg runs do not compete with each other for the 2 cores.
/// </summary>
internal static class TestMedia
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Made = new();

    /// <summary>
    /// Deleted when the test process exits, not when the media collection ends: worker, renderer and limit tests outside
    /// that collection use these files too, and xunit may run them after it (a CI run failed on "file not found" so).
    /// </summary>
    public static string Folder { get; } = CreateFolder();

    private static string CreateFolder()
    {
        var folder = Directory.CreateTempSubdirectory("atsync-media-tests-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Leave it to the OS's temp cleaning.
            }
        };
        return folder;
    }

    /// <summary>testsrc2 320x240 H.264 at 30 fps + a 440 Hz sine at 48 kHz, 5.0 s: 150 source frames.</summary>
    public static string H264At30Fps5s => Make("h264_30fps_5s.mp4", p =>
        Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "5", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", p));

    /// <summary>VP9 + Opus WebM, 24 fps, 4.3 s (the stream has no duration of its own, only the container).</summary>
    public static string Vp9Webm => Make("vp9_24fps.webm", p =>
        Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=24", "-f", "lavfi", "-i", "sine", "-t", "4.3",
            "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus", p));

    /// <summary>Red top half, blue bottom half (320x240 stored), tagged to display rotated by 90 degrees.</summary>
    public static string RedTopBlueBottomRotated90 => Make("rotated90.mp4", p =>
    {
        var plain = Path.Combine(Folder, "red_top_blue_bottom.mp4");
        Ffmpeg("-f", "lavfi", "-i", "color=red:size=320x120:rate=25", "-f", "lavfi", "-i", "color=blue:size=320x120:rate=25",
            "-filter_complex", "vstack,format=yuv420p", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", plain);
        Ffmpeg("-i", plain, "-c", "copy", "-metadata:s:v", "rotate=90", p);
    });

    /// <summary>
    /// 361x287 (odd both ways), left 180 columns pure green, the other 181 pure magenta, lossless 4:4:4 H.264, 2 s at 25 fps.
    /// A wrong row stride would shear the boundary between the halves. (The sources are RGB: lavfi colour sources
    /// default to 4:2:0, which silently rounds odd sizes down to even.)
    /// </summary>
    public static string OddSizeGreenMagenta => Make("odd_361x287.mp4", p =>
        Ffmpeg("-f", "lavfi", "-i", "color=0x00FF00:size=180x287:rate=25,format=gbrp", "-f", "lavfi", "-i", "color=0xFF00FF:size=181x287:rate=25,format=gbrp",
            "-filter_complex", "hstack,format=yuv444p", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", p));

    /// <summary>Video only (no audio stream), 2 s.</summary>
    public static string VideoOnly => Make("video_only.mp4", p =>
        Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", p));

    /// <summary>440 Hz sine, 2.0 s, 44.1 kHz stereo, amplitude 0.5 in both channels (PCM16 WAV).</summary>
    public static string StereoWav44k => Make("sine_stereo_44k.wav", p =>
        Ffmpeg("-f", "lavfi", "-i", "aevalsrc=0.5*sin(2*PI*440*t)|0.5*sin(2*PI*440*t):s=44100:d=2", "-c:a", "pcm_s16le", p));

    /// <summary>440 Hz sine, 3.0 s, 48 kHz mono MP3.</summary>
    public static string Mp3At48k => Make("sine_48k.mp3", p =>
        Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=3", "-c:a", "libmp3lame", "-b:a", "128k", p));

    /// <summary>440 Hz sine, 3.0 s, 44.1 kHz stereo Ogg Vorbis.</summary>
    public static string OggStereo => Make("sine_stereo.ogg", p =>
        Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=3", "-ac", "2", "-c:a", "libvorbis", p));

    /// <summary>440 Hz sine, 3.0 s, 44.1 kHz AAC in .m4a.</summary>
    public static string M4aAac => Make("sine.m4a", p =>
        Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=3", "-c:a", "aac", p));

    /// <summary>A 2.0 s 16 kHz mono 440 Hz sine as WAV (the soundtrack for writer tests).</summary>
    public static string Speechless2sWav => Make("sine_2s_16k.wav", p =>
        Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=2", "-c:a", "pcm_s16le", p));

    /// <summary>Makes <paramref name="name"/> in the test folder once; later calls return the same path.</summary>
    public static string Make(string name, Action<string> create) =>
        Made.GetOrAdd(name, n => new Lazy<string>(() =>
        {
            var path = Path.Combine(Folder, n);
            create(path);
            return path;
        })).Value;

    public static void Ffmpeg(params string[] args)
    {
        var (exit, _, err) = Run("ffmpeg", ["-nostdin", "-hide_banner", "-v", "error", "-y", .. args]);
        if (exit != 0) throw new InvalidOperationException($"ffmpeg {string.Join(' ', args)} failed: {err}");
    }

    /// <summary>ffprobe's streams and format of a file as JSON.</summary>
    public static JsonElement Ffprobe(string path, params string[] extra)
    {
        var (exit, output, err) = Run("ffprobe", ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", .. extra, path]);
        if (exit != 0) throw new InvalidOperationException($"ffprobe {path} failed: {err}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    internal static (int Exit, string Output, string Error) Run(string tool, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }
}

[CollectionDefinition(Name)]
public sealed class MediaCollection
{
    public const string Name = "Media (ffmpeg)";
}
