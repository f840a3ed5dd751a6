namespace ATSync.Pipeline.Storage;

/// <summary>A blob (or, with a name ending in '/', a folder) in the data account: what payloads carry instead of data.</summary>
public sealed record BlobRef(string Container, string Name)
{
    public override string ToString() => $"{Container}/{Name}";

    /// <summary>Whether this folder (a name ending in '/') holds <paramref name="blob"/>: same container, a valid name
    /// (<see cref="BlobNames"/>: no '.', '..' or empty segment, no backslash) that starts with the folder's.</summary>
    public bool Holds(BlobRef blob) =>
        Name.EndsWith('/') && blob.Container == Container && blob.Name.Length > Name.Length
        && blob.Name.StartsWith(Name, StringComparison.Ordinal) && BlobNames.IsValid(blob.Name);

    /// <summary>Parses "container/name" as clients pass it (e.g. "results/abc/input.wav").</summary>
    public static BlobRef Parse(string path)
    {
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1)
            throw new PipelineInputException($"'{path}' is not a blob path of the form <container>/<name>");
        var container = path[..slash];
        if (!Containers.All.Contains(container))
            throw new PipelineInputException($"'{container}' is not one of the pipeline's containers ({string.Join(", ", Containers.All)})");
        return new BlobRef(container, BlobNames.Validate(path[(slash + 1)..]));
    }
}
