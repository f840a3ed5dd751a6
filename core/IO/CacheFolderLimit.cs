namespace ATSync.Core.IO;

/// <summary>
/// Keeps a download cache (one sub-folder per entry) under a size: when the entries together exceed
/// <see cref="MaxBytes"/>, the least recently used are deleted until they fit, sparing any used within
/// <see cref="KeepRecent"/> (a running job may still be reading them) and any half-written entry (<c>*.partial</c>).
/// Use is the entry folder's last-write time, which the cache sets each time it hands an entry out (<see cref="Touch"/>).
/// </summary>
public sealed record CacheFolderLimit(long MaxBytes, TimeSpan KeepRecent)
{
    /// <summary>Marks <paramref name="entry"/> as just used.</summary>
    public static void Touch(string entry, DateTime utcNow)
    {
        if (Directory.Exists(entry)) Directory.SetLastWriteTimeUtc(entry, utcNow);
    }

    /// <summary>Deletes least recently used entries of <paramref name="root"/> until the rest fit; returns the deleted ones.</summary>
    public IReadOnlyList<string> Trim(string root, DateTime utcNow)
    {
        if (!Directory.Exists(root)) return [];
        var entries = new DirectoryInfo(root).EnumerateDirectories()
            .Where(d => !d.Name.EndsWith(".partial", StringComparison.Ordinal))
            .Select(d => (Folder: d, Used: d.LastWriteTimeUtc, Bytes: SizeOf(d)))
            .OrderBy(e => e.Used)
            .ToList();
        var total = entries.Sum(e => e.Bytes);
        var deleted = new List<string>();
        foreach (var (folder, used, bytes) in entries)
        {
            if (total <= MaxBytes) break;
            if (utcNow - used < KeepRecent) continue;
            try
            {
                folder.Delete(recursive: true);
                total -= bytes;
                deleted.Add(folder.FullName);
            }
            catch (IOException)
            {
                // In use or already gone: the next trim tries again.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return deleted;
    }

    private static long SizeOf(DirectoryInfo folder)
    {
        try
        {
            return folder.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
