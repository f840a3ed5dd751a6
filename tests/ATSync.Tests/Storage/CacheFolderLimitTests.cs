using ATSync.Core.IO;
using ATSync.Tests.Support;

namespace ATSync.Tests.Storage;

/// <summary>The download caches' size limit: least recently used entries go first until the rest fit; recently used
/// and half-written entries stay whatever the size.</summary>
public sealed class CacheFolderLimitTests
{
    [Fact]
    public void The_least_recently_used_entries_go_until_the_rest_fit_and_recent_or_partial_ones_stay()
    {
        using var root = new TempDirectory();
        var now = new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
        string Entry(string name, int kilobytes, double hoursAgo)
        {
            var folder = Path.Combine(root.Path, name);
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            File.WriteAllBytes(Path.Combine(folder, "sub", "data.bin"), new byte[kilobytes * 1024]);
            Directory.SetLastWriteTimeUtc(folder, now.AddHours(-hoursAgo));
            return folder;
        }
        var oldest = Entry("oldest", 400, 30);
        var old = Entry("old", 400, 20);
        var recentButBig = Entry("recent", 900, 1);
        var middle = Entry("middle", 300, 15);
        var partial = Entry("x.partial", 500, 40);

        // 2000 KB of entries (the partial not counted) against a 1300 KB limit: the two oldest go (1200 KB left); the
        // recent one would be older in a plain LRU after them, but it is within the 12 hours kept regardless.
        var deleted = new CacheFolderLimit(1300 * 1024, TimeSpan.FromHours(12)).Trim(root.Path, now);

        Assert.Equal([oldest, old], deleted);
        Assert.False(Directory.Exists(oldest));
        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(middle));
        Assert.True(Directory.Exists(recentButBig));
        Assert.True(Directory.Exists(partial));

        // Under the limit: nothing more goes. A used entry moves to the back of the queue.
        Assert.Empty(new CacheFolderLimit(1300 * 1024, TimeSpan.FromHours(12)).Trim(root.Path, now));
        CacheFolderLimit.Touch(middle, now);
        Assert.Empty(new CacheFolderLimit(100 * 1024, TimeSpan.FromHours(12)).Trim(root.Path, now));
        // With nothing kept regardless, the touched entry goes after the one used an hour before it.
        Assert.Equal([recentButBig, middle], new CacheFolderLimit(100 * 1024, TimeSpan.Zero).Trim(root.Path, now.AddHours(1)));
    }
}
