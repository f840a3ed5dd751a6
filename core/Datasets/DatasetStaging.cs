namespace ATSync.Core.Datasets;

/// <summary>
/// A hidden folder inside the output directory where a dataset is written; <see cref="Commit"/> moves its entries into
/// place (manifest last) and disposing an uncommitted staging deletes it, so a failed or cancelled run never leaves a
/// dataset that looks complete.
/// </summary>
public sealed class DatasetStaging : IDisposable
{
    private readonly bool _createdOutput;
    private bool _committed;

    private DatasetStaging(string outputDirectory, string stagingDirectory, bool createdOutput)
    {
        OutputDirectory = outputDirectory;
        _createdOutput = createdOutput;
        Layout = new DatasetLayout(stagingDirectory);
    }

    public string OutputDirectory { get; }

    /// <summary>The layout to write into (inside the staging folder).</summary>
    public DatasetLayout Layout { get; }

    public static DatasetStaging Create(string outputDirectory)
    {
        var output = Path.GetFullPath(outputDirectory);
        var staging = Path.Combine(output, $".atsync-partial-{Guid.NewGuid():N}");
        var createdOutput = !Directory.Exists(output);
        try
        {
            Directory.CreateDirectory(output);
            Directory.CreateDirectory(staging);
            Directory.CreateDirectory(Path.Combine(staging, DatasetLayout.FramesFolderName));
            Directory.CreateDirectory(Path.Combine(staging, DatasetLayout.LandmarksFolderName));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IOException($"output folder {output} is not writable: {e.Message}", e);
        }
        return new DatasetStaging(output, staging, createdOutput);
    }

    /// <summary>Replaces any previous dataset in the output directory with the staged one.</summary>
    public void Commit()
    {
        var staged = Layout.Directory;
        foreach (var entry in DatasetLayout.OwnedEntries)
        {
            var target = Path.Combine(OutputDirectory, entry);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            else if (File.Exists(target)) File.Delete(target);
        }
        // The manifest moves last: until it is there, readers treat the folder as incomplete.
        foreach (var entry in DatasetLayout.OwnedEntries.Where(e => e != DatasetLayout.ManifestFileName))
        {
            var source = Path.Combine(staged, entry);
            var target = Path.Combine(OutputDirectory, entry);
            if (Directory.Exists(source)) Directory.Move(source, target);
            else if (File.Exists(source)) File.Move(source, target);
        }
        File.Move(Path.Combine(staged, DatasetLayout.ManifestFileName),
            Path.Combine(OutputDirectory, DatasetLayout.ManifestFileName));
        Directory.Delete(staged, recursive: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        try
        {
            if (Directory.Exists(Layout.Directory)) Directory.Delete(Layout.Directory, recursive: true);
            if (_createdOutput && Directory.Exists(OutputDirectory) && !Directory.EnumerateFileSystemEntries(OutputDirectory).Any())
                Directory.Delete(OutputDirectory);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden .atsync-partial-* folder never looks like a dataset.
        }
    }
}
