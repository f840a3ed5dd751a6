using System.Net;
using ATSync.Pipeline;
using ATSync.Pipeline.Storage;
using ATSync.Tests.Support;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace ATSync.Tests.Storage;

/// <summary>
/// Download links for clients without storage credentials, against a real Azurite (which checks SAS signatures and
/// expiry as the service does): the link gives the exact bytes to a bare HTTP GET; the same URL with its signature
/// altered, or past its expiry, is refused; and without the link the blob is not public.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReadLinksTests(AzuriteFixture fixture)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task A_link_downloads_the_exact_bytes_and_a_tampered_or_expired_one_is_refused()
    {
        var service = new BlobServiceClient(fixture.Azurite.ConnectionString);
        var container = service.GetBlobContainerClient(Containers.Results);
        await container.CreateIfNotExistsAsync();
        var blob = new BlobRef(Containers.Results, $"links-{Guid.NewGuid():N}/result.mp4");
        var payload = Enumerable.Range(0, 100_003).Select(i => (byte)(i * 7 + 3)).ToArray();
        await container.GetBlobClient(blob.Name).UploadAsync(BinaryData.FromBytes(payload));

        var links = new ReadLinks(service, Options.Create(new PipelineOptions()), TimeProvider.System);
        var link = await links.ForAsync(blob);
        Assert.Equal(blob.ToString(), link.Blob);
        Assert.InRange(link.ExpiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Equal(payload, await Http.GetByteArrayAsync(link.Url));

        // Control: the same blob without a signature is not readable (the container is private).
        var bare = new UriBuilder(link.Url) { Query = "" }.Uri;
        Assert.NotEqual(HttpStatusCode.OK, (await Http.GetAsync(bare)).StatusCode);

        // One character of the signature changed.
        var query = System.Web.HttpUtility.ParseQueryString(link.Url.Query);
        var signature = query["sig"]!;
        query["sig"] = (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
        var tampered = new UriBuilder(link.Url) { Query = query.ToString() }.Uri;
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync(tampered)).StatusCode);

        // A link signed two hours ago with the default one-hour expiry has lapsed.
        var past = new ShiftedTime(TimeSpan.FromHours(-2));
        var expired = await new ReadLinks(service, Options.Create(new PipelineOptions()), past).ForAsync(blob);
        Assert.True(expired.ExpiresOn < DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync(expired.Url)).StatusCode);
    }

    [Fact]
    public async Task An_expiry_outside_what_the_service_allows_is_a_configuration_error()
    {
        var service = new BlobServiceClient(fixture.Azurite.ConnectionString);
        var links = new ReadLinks(service, Options.Create(new PipelineOptions { ReadLinkExpiry = TimeSpan.FromDays(8) }), TimeProvider.System);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => links.ForAsync(new BlobRef(Containers.Results, "x/result.mp4")));
        Assert.Contains("ReadLinkExpiry", error.Message);
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
