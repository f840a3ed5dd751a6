namespace ATSync.Core.Media;

/// <summary>
/// A media file cannot be used: missing, empty, not media, truncated or corrupt, lacking the needed stream, or ffmpeg
/// failed on it. The message is one line that names the file and the problem, fit to show a user.
/// </summary>
public sealed class MediaException : Exception
{
    public MediaException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file the problem is about.</summary>
    public string FilePath { get; }

    /// <summary>The problem alone, without the file name.</summary>
    public string Problem { get; }
}
