using System.ComponentModel;
using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace ATSync.Core.Media;

/// <summary>
/// One running ffmpeg/ffprobe process with its standard streams redirected. Standard error is drained in the
/// background (a full stderr pipe would stall ffmpeg) and its last lines are kept to explain failures.
/// </summary>
internal sealed partial class FfmpegProcess : IDisposable
{
    private const int KeptErrorLines = 12;
    private readonly Process _process;
    private readonly Queue<string> _errorLines = new();
    private readonly Task _stderrDrain;

    private FfmpegProcess(Process process)
    {
        _process = process;
        _stderrDrain = Task.Run(DrainStderrAsync);
    }

    /// <summary>
    /// Names a directory holding the ffmpeg and ffprobe executables (e.g. a static build shipped with the Azure
    /// Functions package, where no apt exists). Unset: the tools are looked up on PATH as before.
    /// </summary>
    public const string DirectoryVariable = "ATSYNC_FFMPEG_DIR";

    /// <summary>The executable to start for <paramref name="tool"/>, honouring <see cref="DirectoryVariable"/>.</summary>
    public static string ToolPath(string tool) => ToolPath(tool, Environment.GetEnvironmentVariable(DirectoryVariable));

    /// <summary>
    /// <paramref name="tool"/> inside <paramref name="directory"/>, or the bare name (PATH lookup) when none is given.
    /// A relative directory is taken from the app's own folder (a Functions package does not know where it is mounted).
    /// </summary>
    public static string ToolPath(string tool, string? directory) =>
        string.IsNullOrWhiteSpace(directory) ? tool : Path.Combine(AppContext.BaseDirectory, directory, tool);

    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    public Stream StandardInput => _process.StandardInput.BaseStream;

    /// <summary>Starts <paramref name="tool"/> (ffmpeg or ffprobe); a missing tool becomes a MediaException on <paramref name="path"/>.</summary>
    public static FfmpegProcess Start(string tool, string path, IEnumerable<string> arguments, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(ToolPath(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        try
        {
            var process = Process.Start(info) ?? throw new MediaException(path, $"{tool} did not start");
            return new FfmpegProcess(process);
        }
        catch (Win32Exception e)
        {
            throw MissingTool(path, tool, e);
        }
    }

    /// <summary>The error for a <paramref name="tool"/> that is not there or does not start (<paramref name="cause"/>: why, if known).</summary>
    public static MediaException MissingTool(string path, string tool, Exception? cause = null) =>
        new(path, $"{ToolPath(tool)} was not found{(cause is null ? "" : $" or cannot run ({cause.Message})")}; install ffmpeg " +
                  $"(apt-get install ffmpeg) or set {DirectoryVariable} to a folder holding ffmpeg and ffprobe", cause);

    /// <summary>Waits for the process to end and for its stderr to be read; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await _stderrDrain.ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>
    /// The cause ffmpeg printed, one line: its last message, preceded by the one before it when that names the
    /// actual cause (ffmpeg ends with a generic "Invalid data found when processing input" after e.g.
    /// "moov atom not found"). Component prefixes such as "[mov,mp4 @ 0x55..] " and the file name are removed.
    /// </summary>
    public string ErrorSummary(string path, string fallback)
    {
        string[] lines;
        lock (_errorLines) lines = [.. _errorLines];
        return Summarise(lines, path, fallback);
    }

    /// <summary>The last two distinct lines of an ffmpeg/ffprobe stderr, without "[demuxer @ 0x...]" and path prefixes.</summary>
    public static string Summarise(IEnumerable<string> errorLines, string path, string fallback)
    {
        string[] lines = [.. errorLines.SelectMany(l => l.Split('\n')).Select(l => Clean(l, path)).Where(l => l.Length > 0).Distinct()];
        return lines.Length switch
        {
            0 => fallback,
            1 => lines[0],
            _ => $"{lines[^2]}; {lines[^1]}",
        };
    }

    private static string Clean(string line, string path)
    {
        line = line.Trim();
        if (line.StartsWith('[') && line.IndexOf("] ", StringComparison.Ordinal) is var end and > 0) line = line[(end + 2)..];
        if (line.StartsWith(path + ": ", StringComparison.Ordinal)) line = line[(path.Length + 2)..];
        return line;
    }

    /// <summary>
    /// Raises the stdout pipe's capacity (Linux: 64 KiB by default) so ffmpeg writes a whole raw frame at once instead
    /// of blocking ~10 times per frame waiting for us; best effort, silently kept as is where not possible.
    /// </summary>
    public void EnlargeOutputPipe(int bytes)
    {
        if (!OperatingSystem.IsLinux() || StandardOutput is not PipeStream pipe) return;
        const int F_SETPIPE_SZ = 1031;
        var max = ReadPipeMaxSize();
        _ = SetPipeSize(pipe.SafePipeHandle, F_SETPIPE_SZ, Math.Min(bytes, max));
    }

    private static int ReadPipeMaxSize()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/fs/pipe-max-size").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return 1 << 20;
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int SetPipeSize(SafeHandle fd, int command, int size);

    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task DrainStderrAsync()
    {
        var reader = _process.StandardError;
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_errorLines)
            {
                _errorLines.Enqueue(line);
                if (_errorLines.Count > KeptErrorLines) _errorLines.Dequeue();
            }
        }
    }
}
