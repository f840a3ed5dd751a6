namespace ATSync.Worker.Cli;

/// <summary>
/// Turns a failed command into one clear line on stderr and an exit code: 1 for bad input or a failed job, 130 when
/// cancelled (Ctrl-C). The engine's exception messages already name the file and the problem.
/// </summary>
internal static class CommandErrors
{
    public static async Task<int> RunAsync(string command, Func<Task<int>> action,
        string cancelled = "cancelled; nothing was left half-written")
    {
        try
        {
            return await action();
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"atsync {command}: {cancelled}");
            return 130;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var message = (e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e).Message;
            await Console.Error.WriteLineAsync($"atsync {command}: error: {message.ReplaceLineEndings(" ")}");
            if (Environment.GetEnvironmentVariable("ATSYNC_DEBUG") == "1") await Console.Error.WriteLineAsync(e.ToString());
            return 1;
        }
    }
}
