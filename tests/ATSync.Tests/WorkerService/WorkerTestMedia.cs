using ATSync.Core.Datasets;
using ATSync.Tests.Support;

namespace ATSync.Tests.WorkerService;

/// <summary>
/// A person for the worker tests, made once per test run: a 1 s cut of a shared GRID clip (25 frames, with speech; training runs at ~0.5 samples/s on the loaded CI machine)
/// and the dataset `atsync process` makes of it.
/// </summary>
internal static class WorkerTestMedia
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"atsync-worker-media-{Environment.ProcessId}");
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string Video, string Dataset)? _made;

    public const int Frames = 25;

    static WorkerTestMedia() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    };

    public static async Task<(string Video, string Dataset)> GetAsync()
    {
        var source = SharedAssets.Media("grid_bbaf2n.mpg"); // skips the test when shared/ is absent
        await Gate.WaitAsync();
        try
        {
            if (_made is { } made) return made;
            Directory.CreateDirectory(Root);
            var video = Path.Combine(Root, "clip.mp4");
            await ExternalTool.FfmpegAsync("-i", source, "-t", "1", "-vf", "fps=25", "-c:v", "libx264", "-preset", "veryfast",
                "-c:a", "aac", video);
            var dataset = Path.Combine(Root, "dataset");
            await new DatasetBuilder(new DatasetBuildOptions()).BuildAsync(video, dataset);
            _made = (video, dataset);
            return _made.Value;
        }
        finally
        {
            Gate.Release();
        }
    }
}
