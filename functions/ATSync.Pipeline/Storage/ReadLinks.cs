using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Microsoft.Extensions.Options;

namespace ATSync.Pipeline.Storage;

/// <summary>
/// Signs read-only links to result blobs for clients that hold no storage credentials. In Azure the data account is
/// identity-only (no account keys), so links are user-delegation SAS signed with a key the app's managed identity asks
/// the account for; with a connection string that carries the account key (Azurite, local runs) the key signs them.
/// Links are made when a client asks, never stored in orchestration state, so none outlives its expiry unseen.
/// </summary>
public sealed class ReadLinks(BlobServiceClient service, IOptions<PipelineOptions> options, TimeProvider time)
{
    /// <summary>Signatures are dated this far back so a client whose clock runs a little behind can use them at once.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _delegationKey;

    public TimeSpan Expiry => options.Value.ReadLinkExpiry;

    public async Task<ReadLink> ForAsync(BlobRef blob, CancellationToken cancellationToken = default)
    {
        if (Expiry <= TimeSpan.Zero || Expiry > TimeSpan.FromDays(7))
            throw new InvalidOperationException($"{PipelineOptions.Section}:{nameof(PipelineOptions.ReadLinkExpiry)} must be between 0 and 7 days, not {Expiry}");
        var client = service.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name);
        var now = time.GetUtcNow();
        var expiresOn = now + Expiry;
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
        {
            BlobContainerName = blob.Container,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now - ClockSkew,
            Protocol = service.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (client.CanGenerateSasUri) return new ReadLink(blob.ToString(), client.GenerateSasUri(sas), expiresOn);

        var key = await DelegationKeyAsync(expiresOn, cancellationToken);
        var url = new BlobUriBuilder(client.Uri) { Sas = sas.ToSasQueryParameters(key, service.AccountName) }.ToUri();
        return new ReadLink(blob.ToString(), url, expiresOn);
    }

    /// <summary>One delegation key serves many links: a new one is asked for only when the cached one would lapse before the link.</summary>
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset linkExpiresOn, CancellationToken cancellationToken)
    {
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            if (_delegationKey is { } cached && cached.SignedExpiresOn >= linkExpiresOn) return cached;
            var now = time.GetUtcNow();
            // Valid for a few link lifetimes (at most the service's 7 days), so most requests reuse it.
            var keyExpiresOn = now + TimeSpan.FromTicks(Math.Min(Expiry.Ticks * 4, TimeSpan.FromDays(7).Ticks - ClockSkew.Ticks));
            _delegationKey = (await service.GetUserDelegationKeyAsync(now - ClockSkew, keyExpiresOn, cancellationToken)).Value;
            return _delegationKey;
        }
        finally
        {
            _keyLock.Release();
        }
    }
}
