using ATSync.Tests.Support;
using Azure.Storage.Blobs;

namespace ATSync.Tests.Storage;

/// <summary>The local storage every service test stands on: a real Azurite that Azure.Storage.Blobs can talk to.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task A_blob_written_through_the_sdk_reads_back_identically()
    {
        var container = new BlobServiceClient(fixture.Azurite.ConnectionString).GetBlobContainerClient("azurite-selftest");
        await container.CreateIfNotExistsAsync();
        var payload = BinaryData.FromBytes(Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray());
        await container.GetBlobClient("a/b.bin").UploadAsync(payload, overwrite: true);

        var read = await container.GetBlobClient("a/b.bin").DownloadContentAsync();

        Assert.Equal(payload.ToArray(), read.Value.Content.ToArray());
    }
}
