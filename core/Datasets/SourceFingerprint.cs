using System.Security.Cryptography;

namespace ATSync.Core.Datasets;

/// <summary>
/// Identifies the video a dataset was made from: its sha256, recorded in dataset.json and (as "sha256:&lt;hex&gt;") in
/// the model card, so `infer` can tell when it is given the training video again and reuse that dataset.
/// </summary>
public static class SourceFingerprint
{
    private const string Prefix = "sha256:";

    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    public static string FromSha256(string sha256) => Prefix + sha256;

    public static bool IsSha256(string fingerprint) => fingerprint.StartsWith(Prefix, StringComparison.Ordinal);
}
