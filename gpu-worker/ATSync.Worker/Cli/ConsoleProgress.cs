using System.Collections.Concurrent;
using ATSync.Core.Progress;
using Spectre.Console;

namespace ATSync.Worker.Cli;

/// <summary>
/// Shows a job's <see cref="StageProgress"/> reports as progress bars on a terminal (one bar per stage), or as a
/// line per 10% step when the output is redirected (CI logs, files).
/// </summary>
internal static class ConsoleProgress
{
    public static async Task<T> RunAsync<T>(Func<IProgress<StageProgress>, Task<T>> job)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
        {
            return await job(new LineProgress());
        }
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = new ConcurrentDictionary<string, ProgressTask>();
                var progress = new Progress<StageProgress>(report =>
                {
                    var task = tasks.GetOrAdd(report.Stage, stage => context.AddTask(stage, maxValue: 1));
                    task.Value = report.Fraction;
                    if (report.Detail is { } detail) task.Description = $"{report.Stage} {Markup.Escape(detail)}";
                });
                result = await job(progress);
                foreach (var task in tasks.Values) task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>
    /// Plain text progress for non-interactive output: one line per stage per 10%, and at least every
    /// <see cref="Heartbeat"/> while the stage moves (a time-budgeted `train --epochs 100000 --max_minutes 10` stays at
    /// 0% of its epochs and would otherwise print nothing until it stops).
    /// </summary>
    private sealed class LineProgress : IProgress<StageProgress>
    {
        private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);
        private readonly ConcurrentDictionary<string, (int Decile, long Ticks)> _last = new();

        public void Report(StageProgress value)
        {
            var decile = (int)(value.Fraction * 10);
            var now = Environment.TickCount64;
            var last = _last.GetOrAdd(value.Stage, (-1, now));
            var due = decile > last.Decile || TimeSpan.FromMilliseconds(now - last.Ticks) >= Heartbeat;
            if (!due || !_last.TryUpdate(value.Stage, (Math.Max(decile, last.Decile), now), last)) return;
            Console.Error.WriteLine($"[{value.Stage}] {value.Fraction * 100,3:0}% ({value.Done}/{value.Total}){(value.Detail is null ? "" : " " + value.Detail)}");
        }
    }
}
