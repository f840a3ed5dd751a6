namespace ATSync.Core.IO;

/// <summary>
/// Checks up front that a folder can be created and written (by writing and deleting a probe file), so a command with
/// an unwritable output fails in milliseconds instead of after minutes of work.
/// </summary>
public static class WritableFolder
{
    /// <summary>Creates <paramref name="folder"/> if needed and returns null when it can be written, else the reason
    /// (naming the file that stands where a folder of the path should be, when that is the cause).</summary>
    public static string? Problem(string folder)
    {
        var full = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".atsync-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // "Already exists" from CreateDirectory means a file stands where a folder of the path should be: name it.
            var blocker = Ancestors(full).FirstOrDefault(File.Exists);
            return blocker is null ? e.Message : $"{blocker} is a file, not a folder";
        }
    }

    private static IEnumerable<string> Ancestors(string folder)
    {
        for (var f = folder; !string.IsNullOrEmpty(f); f = Path.GetDirectoryName(f)) yield return f;
    }
}
