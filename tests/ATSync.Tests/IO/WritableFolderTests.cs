using ATSync.Core.IO;
using ATSync.Tests.Support;

namespace ATSync.Tests.IO;

public sealed class WritableFolderTests
{
    [Fact]
    public void A_new_nested_folder_is_created_and_accepted_without_leaving_the_probe()
    {
        using var temp = new TempDirectory();
        var folder = Path.Combine(temp.Path, "a", "b");

        Assert.Null(WritableFolder.Problem(folder));
        Assert.True(Directory.Exists(folder));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void A_file_standing_where_a_folder_should_be_is_named()
    {
        using var temp = new TempDirectory();
        var blocker = temp.File("not-a-folder");
        File.WriteAllText(blocker, "x");

        var problem = WritableFolder.Problem(Path.Combine(blocker, "out"));

        Assert.Equal($"{blocker} is a file, not a folder", problem);
    }
}
