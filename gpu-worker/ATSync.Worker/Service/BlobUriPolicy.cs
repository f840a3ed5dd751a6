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
        if (name.Trim('/').Length == 0 || name.Contains("//", StringComparison.Ordinal) || name.Split('/').Any(s => s is "." or ".."))
        {
            error = $"'{text}' names no blob or folder inside container '{container}'";
            return false;
        }
        location = new BlobLocation(uri, container, name);
        error = "";
        return true;
    }

    private static Uri WithTrailingSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
