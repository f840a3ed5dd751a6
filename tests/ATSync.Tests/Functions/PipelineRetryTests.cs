using System.Security.Cryptography;
using ATSync.Pipeline;
using ATSync.Pipeline.Starting;
using ATSync.Pipeline.Storage;
using ATSync.Tests.Support;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ATSync.Tests.Functions;

/// <summary>
/// Uploading the same bytes again retries a person's pipeline that ended Failed (and starts nothing while one runs);
/// an upload without Content-MD5 (a block list) is identified by its content, so identical bytes map to one pipeline.
/// Real Azurite, the real Durable Task worker over its in-memory backend.
/// </summary>
[Collection(FunctionsAzuriteCollection.Name)]
public sealed class PipelineRetryTests(AzuriteFixture azurite) : PipelineOrchestrationTest(azurite)
{
    [Fact]
    public async Task The_same_bytes_uploaded_again_after_a_failure_start_a_new_attempt_but_not_while_one_runs()
    {
        var starter = new PipelineStarter(Options.Create(new PipelineOptions()), NullLogger<PipelineStarter>.Instance);
        var bytes = "not a video"u8.ToArray();
        var blob = Blobs.GetBlobContainerClient(Containers.Videos).GetBlobClient("retry-person/clip.mp4");

        await blob.UploadAsync(new BinaryData(bytes), overwrite: true);
        var (id, started) = await starter.StartForUploadAsync(Host.Client, await PipelineStarter.DescribeUploadAsync(blob));
        Assert.True(started);
        var first = await PipelineTestHost.WaitAsync(Host.Client, id, TimeSpan.FromMinutes(2));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, first.RuntimeStatus);

        await blob.UploadAsync(new BinaryData(bytes), overwrite: true); // the pipeline moved the bad upload away
        var again = await PipelineStarter.DescribeUploadAsync(blob);
        var (retryId, retried) = await starter.StartForUploadAsync(Host.Client, again);
        Assert.Equal(id, retryId);
        Assert.True(retried, "a failed pipeline's video uploaded again started nothing");
        var (_, twice) = await starter.StartForUploadAsync(Host.Client, again);
        Assert.False(twice, "a second trigger for the same upload started another attempt while the first runs");
        var second = await PipelineTestHost.WaitAsync(Host.Client, id, TimeSpan.FromMinutes(2));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, second.RuntimeStatus);
        Assert.True(second.CreatedAt > first.LastUpdatedAt, $"the second attempt ({second.CreatedAt:O}) is the first one ({first.CreatedAt:O})");
    }

    [Fact]
    public async Task A_block_list_upload_without_md5_is_identified_by_its_content()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var container = Blobs.GetBlobContainerClient(Containers.Videos);
        async Task<Pipeline.Payloads.VideoUpload> StageAsync(string name, byte[] content)
        {
            var blob = container.GetBlockBlobClient(name);
            var block = Convert.ToBase64String("block-0000"u8);
            await blob.StageBlockAsync(block, new MemoryStream(content));
            await blob.CommitBlockListAsync([block]);
            return await PipelineStarter.DescribeUploadAsync(container.GetBlobClient(name));
        }

        var first = await StageAsync("md5-person/clip.mp4", bytes);
        var second = await StageAsync("md5-person/clip.mp4", bytes);
        var other = await StageAsync("md5-person/clip.mp4", [.. bytes[..^1], (byte)(bytes[^1] ^ 1)]);

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(bytes)), first.ContentMd5);
        Assert.Equal(PipelineIds.ForVideo(first), PipelineIds.ForVideo(second));
        Assert.NotEqual(PipelineIds.ForVideo(first), PipelineIds.ForVideo(other));
    }
}
