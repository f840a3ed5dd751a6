using Microsoft.Extensions.Options;

namespace ATSync.Worker.Service;

/// <summary>
/// The hosts the worker may POST job callbacks to: those in <see cref="WorkerOptions.CallbackHosts"/> (an exact host
/// name, or "*.example.net" for its subdomains) and, unless <see cref="WorkerOptions.AllowLoopbackCallbacks"/> is off,
/// loopback (local use and tests). A caller with the API key could otherwise make the worker send requests anywhere
/// its network reaches (internal services, the cloud metadata endpoint).
/// </summary>
public sealed class CallbackUrlPolicy(IOptions<WorkerOptions> options)
{
    private readonly IReadOnlyList<string> _hosts = options.Value.CallbackHostList;
    private readonly bool _loopback = options.Value.AllowLoopbackCallbacks;

    /// <summary>Why the URL is refused, or null when the worker may call it.</summary>
    public string? Problem(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return $"'{url}' is not an absolute http(s) URL";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return $"the callback URL to '{uri.Host}' carries user info (user:password@); give the plain URL";
        if (_loopback && uri.IsLoopback) return null;
        if (_hosts.Any(allowed => Matches(allowed, uri.IdnHost))) return null;
        var allowedText = string.Join(", ", _hosts.Prepend(_loopback ? "loopback" : "").Where(h => h.Length > 0));
        return $"callback host '{uri.IdnHost}' is not allowed (Worker__CallbackHosts: {(allowedText.Length == 0 ? "none" : allowedText)})";
    }

    private static bool Matches(string allowed, string host) =>
        allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase) && host.Length > allowed.Length - 1
            : string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase);
}
