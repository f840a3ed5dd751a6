namespace ATSync.Pipeline.Storage;

/// <summary>Blob names the pipeline accepts: relative, no traversal, no control characters, bounded length.</summary>
public static class BlobNames
{
    /// <summary>Well under Azure's 1,024-character limit, leaving room for the prefixes the pipeline adds.</summary>
    public const int MaxLength = 512;

    public static string Validate(string name) =>
        Problem(name) is { } problem ? throw new PipelineInputException(problem) : name;

    public static bool IsValid(string name) => Problem(name) is null;

    private static string? Problem(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "the blob name is empty";
        if (name.Length > MaxLength) return $"the blob name is longer than {MaxLength} characters";
        if (name.Any(c => char.IsControl(c) || c == '\\'))
            return $"the blob name '{Printable(name)}' contains a control character or backslash";
        if (name.StartsWith('/') || name.Split('/').Any(s => s is "" or "." or ".."))
            return $"the blob name '{Printable(name)}' has an empty, '.' or '..' path segment";
        return null;
    }

    private static string Printable(string name) => new(name.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
