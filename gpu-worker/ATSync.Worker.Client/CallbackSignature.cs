using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ATSync.Worker.Client;

/// <summary>
/// The worker signs each job callback so the receiver can accept it on an anonymous route: header
/// <c>X-ATSync-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}." + body)}</c>. The timestamp is inside the
/// signature, so a captured callback cannot be replayed past the receiver's tolerance, nor re-dated.
/// </summary>
public static class CallbackSignature
{
    public const string Header = "X-ATSync-Signature";

    /// <summary>How far a callback's timestamp may be from the receiver's clock (either way).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Create(string secret, DateTimeOffset now, ReadOnlySpan<byte> body)
    {
        var timestamp = now.ToUnixTimeSeconds();
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Compute(secret, timestamp, body)}";
    }

    /// <summary>Null when <paramref name="header"/> is a valid, current signature of <paramref name="body"/>; else why not.</summary>
    public static string? Problem(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(header)) return $"the callback carries no {Header} header";
        long? timestamp = null;
        string? given = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                timestamp = t;
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
                given = part[3..];
        }
        if (timestamp is null || given is null) return $"the {Header} header is malformed";
        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp.Value, 0, 253402300799));
        if (age.Duration() > Tolerance) return "the callback's timestamp is outside the accepted window (a replay, or a clock far off)";
        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp.Value, body));
        var actual = Encoding.ASCII.GetBytes(given.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? null : "the callback's signature does not match its body";
    }

    private static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}."));
        hmac.AppendData(body);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
