using System.Diagnostics;

namespace ATSync.Tests.Support;

/// <summary>Runs a real program (ffmpeg, espeak-ng, the atsync CLI) and captures its exit code and output.</summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in time");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>ffmpeg with -y and quiet logging; throws when it fails (tests use it to make their inputs).</summary>
    public static async Task FfmpegAsync(params string[] arguments)
    {
        var result = await RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {result.StdErr}");
    }

    /// <summary>The real `atsync` command line, from the build output the tests run beside.</summary>
    public static Task<Result> AtsyncAsync(params string[] arguments) =>
        RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "atsync.dll"), .. arguments]);
}
