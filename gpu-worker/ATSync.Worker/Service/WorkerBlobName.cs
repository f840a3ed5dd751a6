using System.Text.RegularExpressions;

namespace ATSync.Worker.Service;

/// <summary>
/// The blob names a job may use, by the same rules as the pipeline's <c>BlobNames</c> (the worker does not reference
/// the Functions project): at most 512 characters, no control character, no backslash (the blob service treats it as
/// '/', so it would smuggle a separator past the segment checks), no percent-escape left after decoding (a double
/// encoding such as %252F, which a second decoding elsewhere would turn into a separator; a plain '%' as in "100%.mp4"
/// is fine, as in BlobNames), no empty, '.' or '..' segment. A folder's name ends in '/', the only empty segment allowed.
/// </summary>
public static partial class WorkerBlobName
{
    public const int MaxLength = 512;

    /// <summary>Why the decoded name is refused, or null when it is acceptable.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "names no blob or folder";
        if (name.Length > MaxLength) return $"has a blob name longer than {MaxLength} characters";
        if (name.Any(char.IsControl)) return "has a control character in its blob name";
        if (name.Contains('\\')) return "has a backslash in its blob name";
        if (StillEscaped().IsMatch(name)) return "has a double-encoded character (an escaped separator such as %252F?) in its blob name";
        var segments = (name.EndsWith('/') ? name[..^1] : name).Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
            return "has an empty, '.' or '..' segment in its blob name";
        return null;
    }

    [GeneratedRegex("%[0-9A-Fa-f]{2}")]
    private static partial Regex StillEscaped();
}
