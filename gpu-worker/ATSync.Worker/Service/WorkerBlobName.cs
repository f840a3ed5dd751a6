namespace ATSync.Worker.Service;

/// <summary>
/// The blob names a job may use, by the same rules as the pipeline's <c>BlobNames</c> (the worker does not reference
/// the Functions project): at most 512 characters, no control character, no backslash (the blob service treats it as
/// '/', so it would smuggle a separator past the segment checks), no '%' (a decoded name holding an escape could be
/// decoded again elsewhere), no empty, '.' or '..' segment. A folder's name ends in '/', the only empty segment allowed.
/// </summary>
public static class WorkerBlobName
{
    public const int MaxLength = 512;

    /// <summary>Why the decoded name is refused, or null when it is acceptable.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "names no blob or folder";
        if (name.Length > MaxLength) return $"has a blob name longer than {MaxLength} characters";
        if (name.Any(char.IsControl)) return "has a control character in its blob name";
        if (name.Contains('\\')) return "has a backslash in its blob name";
        if (name.Contains('%')) return "has a '%' in its blob name after decoding (an encoded separator or a double encoding?)";
        var segments = (name.EndsWith('/') ? name[..^1] : name).Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
            return "has an empty, '.' or '..' segment in its blob name";
        return null;
    }
}
