using ATSync.Worker.Service;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace ATSync.Tests.WorkerService;

/// <summary>Blob URIs a job may name: only plain names in the allowed containers, checked as written (before Uri
/// turns '\' into '/' or removes '..') and after decoding (no escaped separator, no double encoding).</summary>
public class BlobUriPolicyTests
{
    private const string Account = "http://127.0.0.1:10000/devstoreaccount1/";

    private static readonly BlobUriPolicy Policy = new(
        new BlobServiceClient(new Uri(Account)), Options.Create(new WorkerOptions()));

    [Theory]
    [InlineData("videos/a.mp4", "videos", "a.mp4")]
    [InlineData("videos/person/clip%20one.mp4", "videos", "person/clip one.mp4")]
    [InlineData("datasets/person/", "datasets", "person/")]
    [InlineData("models/p/v1.2/best.pth", "models", "p/v1.2/best.pth")]
    [InlineData("results/a..b.mp4", "results", "a..b.mp4")]
    [InlineData("videos/100%25.mp4", "videos", "100%.mp4")]
    [InlineData("videos/50%25off.mp4", "videos", "50%off.mp4")]
    public void AcceptsPlainNames(string path, string container, string name)
    {
        Assert.True(Policy.TryParse(Account + path, out var location, out var error), error);
        Assert.Equal(container, location.Container);
        Assert.Equal(name, location.Name);
    }

    [Theory]
    [InlineData("videos/a\\..\\..\\worker-jobs\\x.json", "backslash")]
    [InlineData("videos/a\\b.mp4", "backslash")]
    [InlineData("videos/a/../b.mp4", "'..'")]
    [InlineData("videos/../worker-jobs/x.json", "'..'")]
    [InlineData("videos/./a.mp4", "'..'")]
    [InlineData("videos/%2e%2e/worker-jobs/x.json", "'..'")]
    [InlineData("videos/a%2F..%2F..%2Fworker-jobs%2Fx.json", "escaped separator")]
    [InlineData("videos/a%2f..%2fb.mp4", "escaped separator")]
    [InlineData("videos/a%5C..%5Cb.mp4", "escaped separator")]
    [InlineData("videos/a%252F..%252Fb.mp4", "double-encoded")]
    [InlineData("videos/a%255C..%255Cb.mp4", "double-encoded")]
    [InlineData("videos/a%25252F.mp4", "double-encoded")]
    [InlineData("videos/a%00.mp4", "control character")]
    [InlineData("videos/a%0Ab.mp4", "control character")]
    [InlineData("videos/a\tb.mp4", "control character")]
    [InlineData("videos//a.mp4", "empty")]
    [InlineData("videos/", "names no blob")]
    [InlineData("worker-jobs/x.json", "may not use")]
    [InlineData("videos/a.mp4?sv=2020&sig=x", "query")]
    public void RefusesTraversalAndEncodedSeparators(string path, string reason)
    {
        Assert.False(Policy.TryParse(Account + path, out _, out var error));
        Assert.Contains(reason, error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void RefusesOverlongNames()
    {
        Assert.False(Policy.TryParse(Account + "videos/" + new string('a', WorkerBlobName.MaxLength + 1), out _, out var error));
        Assert.Contains("longer than", error);
    }
}
