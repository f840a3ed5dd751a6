using System.Security.Cryptography;
using System.Text;

namespace ATSync.Worker.Service;

/// <summary>The API key callers must send in <c>x-api-key</c>, from <c>ATSYNC_WORKER_API_KEY</c>.</summary>
public sealed class WorkerApiKey
{
    public const string ConfigurationName = "ATSYNC_WORKER_API_KEY";

    private readonly byte[] _hash;

    public WorkerApiKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
            throw new InvalidOperationException($"{ConfigurationName} is not set: the worker refuses to start without an API key");
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Constant-time comparison; hashing first makes both sides the same length, so even the key's length
    /// does not leak through timing.</summary>
    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(candidate)));
}
