using System.Text.RegularExpressions;

namespace ATSync.Pipeline.Storage;

/// <summary>
/// Person ids name folders in every container and prefix instance and job ids: lower-case letters, digits and '-',
/// 1-40 characters, starting with a letter or digit. A video <c>videos/{person}.mp4</c> or <c>videos/{person}/any.mp4</c>
/// belongs to that person.
/// </summary>
public static partial class PersonIds
{
    public const int MaxLength = 40;

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(id);

    public static string Validate(string? id) => IsValid(id)
        ? id!
        : throw new PipelineInputException(
            $"'{id}' is not a valid person id: use 1-{MaxLength} lower-case letters, digits and '-' (starting with a letter or digit)");

    /// <summary>The person a video blob belongs to: its first folder, or else its file name without extension.</summary>
    public static string FromVideoBlobName(string blobName)
    {
        BlobNames.Validate(blobName);
        var slash = blobName.IndexOf('/');
        var candidate = slash > 0 ? blobName[..slash] : Path.GetFileNameWithoutExtension(blobName);
        return Validate(candidate.ToLowerInvariant());
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Pattern();
}
