using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace ATSync.Worker.Service;

/// <summary>
/// Accepts only blob URIs in the worker's own storage account and its allowed data containers: a job must not read or
/// write anywhere else (another account, the job records, a SAS-signed URL) through the worker's identity.
/// </summary>
public sealed class BlobUriPolicy(BlobServiceClient service, IOptions<WorkerOptions> options)
{
    private readonly Uri _account = WithTrailingSlash(service.Uri);
    private readonly IReadOnlyList<string> _containers = options.Value.ContainerList;

    public IReadOnlyList<string> Containers => _containers;

    /// <summary>The location the URI names, or the reason it is refused.</summary>
    public bool TryParse(string? text, out BlobLocation location, out string error)
    {
        location = null!;
        // Before parsing: Uri would drop a tab or newline silently.
        if (text is not null && text.Any(char.IsControl))
        {
            error = $"'{Printable(text)}' contains a control character";
            return false;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            error = $"'{text}' is not an absolute http(s) blob URI";
            return false;
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            error = $"'{text}' carries a query or fragment (a SAS?); give the plain blob URI: the worker uses its own identity";
            return false;
        }
        if (RawPathProblem(text!) is { } rawProblem)
        {
            error = $"'{Printable(text!)}' {rawProblem}";
            return false;
        }
        if (!_account.IsBaseOf(uri) || !string.Equals(uri.Host, _account.Host, StringComparison.OrdinalIgnoreCase) || uri.Port != _account.Port
            || uri.Scheme != _account.Scheme)
        {
            error = $"'{text}' is outside this worker's storage account ({_account})";
            return false;
        }
        var path = Uri.UnescapeDataString(uri.AbsolutePath[_account.AbsolutePath.Length..]);
        var slash = path.IndexOf('/');
        var container = slash < 0 ? path : path[..slash];
        var name = slash < 0 ? "" : path[(slash + 1)..];
        if (!_containers.Contains(container, StringComparer.Ordinal))
        {
            error = $"'{text}' is in container '{container}', which this worker may not use (allowed: {string.Join(", ", _containers)})";
            return false;
        }
        if (WorkerBlobName.Problem(name) is { } nameProblem)
        {
            error = $"'{Printable(text!)}' {nameProblem} inside container '{container}'";
            return false;
        }
        location = new BlobLocation(uri, container, name);
        error = "";
        return true;
    }

    /// <summary>
    /// Checks the URI as written, before <see cref="Uri"/> normalises it: Uri turns '\' into '/' and removes '.' and
    /// '..' segments, so "videos/a/../b" would quietly name "videos/b", and an escaped separator (%2F, %5C, or a
    /// double-encoded %252F) would only show up after decoding, as a different path than the one checked.
    /// </summary>
    private static string? RawPathProblem(string text)
    {
        if (text.Contains('\\')) return "contains a backslash (the blob service reads it as '/')";
        var authority = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var pathStart = text.IndexOf('/', authority);
        if (pathStart < 0) return null;
        foreach (var segment in text[(pathStart + 1)..].Split('/'))
        {
            var decoded = Uri.UnescapeDataString(segment);
            if (decoded is "." or "..") return "has a '.' or '..' path segment";
            if (decoded.IndexOfAny(['/', '\\']) >= 0 || decoded.Any(char.IsControl))
                return "has an escaped separator or control character (e.g. %2F, %5C, %00) in its path";
        }
        return null;
    }

    private static string Printable(string text) => new(text.Take(200).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static Uri WithTrailingSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
