using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ATSync.Core.IO;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace ATSync.Pipeline.Storage;

/// <summary>
/// The data account as the activities use it: blob URIs for worker jobs, downloads into a local cache keyed by
/// blob and ETag (so a retried or re-run activity does not download again; trimmed to <paramref name="cacheLimit"/>,
/// least recently used first), uploads that overwrite (so re-runs are safe).
/// </summary>
public sealed class PipelineStorage(BlobServiceClient service, string scratchDirectory, CacheFolderLimit? cacheLimit = null)
{
    public BlobServiceClient Service { get; } = service;

    public string ScratchDirectory { get; } = scratchDirectory;

    public BlobContainerClient Container(string name) => Service.GetBlobContainerClient(name);

    public BlobClient Blob(BlobRef blob) => Container(blob.Container).GetBlobClient(blob.Name);

    /// <summary>The blob's URI (a folder's keeps its trailing '/'), as the worker's job inputs and outputs take it.</summary>
    public Uri UriOf(BlobRef blob)
    {
        var container = Container(blob.Container).Uri.ToString().TrimEnd('/');
        var path = string.Join('/', blob.Name.Split('/').Select(Uri.EscapeDataString));
        return new Uri($"{container}/{path}");
    }

    public async Task EnsureContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in Containers.All)
            await Container(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>A local copy of the blob (downloaded once per ETag); throws <see cref="RequestFailedException"/> 404 when
    /// absent. A blob replaced during the download (412) is read again, so the copy is always one whole version.</summary>
    public async Task<string> DownloadToCacheAsync(BlobRef blob, CancellationToken cancellationToken = default) =>
        (await DownloadCurrentAsync(blob, cancellationToken)).Path;

    private async Task<CachedVersion> DownloadCurrentAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DownloadVersionAsync(blob, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// A local copy of the uploaded video this pipeline was started for: the blob's current version, checked to have
    /// the upload's content (MD5). A blob replaced by other bytes meanwhile is a newer upload with a pipeline of its
    /// own, so this one stops (bad input, not retried) instead of building from a mix of two videos. The version the
    /// upload described needs no check, and a Content-MD5 the service keeps is compared before hashing the file: every
    /// activity of a pipeline calls this, and hashing a long video each time would be most of a cache hit's cost.
    /// </summary>
    public async Task<string> DownloadUploadAsync(Payloads.VideoUpload upload, CancellationToken cancellationToken = default)
    {
        var current = await DownloadCurrentAsync(upload.Video, cancellationToken);
        if (upload.ContentMd5 is not { } expected || current.ETag.ToString() == upload.ETag) return current.Path;
        string actual;
        if (current.ContentHash is { Length: > 0 } hash)
        {
            actual = Convert.ToBase64String(hash);
        }
        else
        {
            await using var file = File.OpenRead(current.Path);
            actual = Convert.ToBase64String(await MD5.HashDataAsync(file, cancellationToken));
        }
        if (actual != expected)
            throw new PipelineInputException($"{upload.Video} was replaced by a newer upload while this one was being processed; the newer one has its own pipeline");
        return current.Path;
    }

    /// <summary>A cached blob version: its local copy, ETag and the MD5 the service keeps for it (if any).</summary>
    private sealed record CachedVersion(string Path, ETag ETag, byte[]? ContentHash);

    private async Task<CachedVersion> DownloadVersionAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        var client = Blob(blob);
        BlobProperties properties = await client.GetPropertiesAsync(cancellationToken: cancellationToken);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{blob}|{properties.ETag}")))[..24];
        var folder = Path.Combine(ScratchDirectory, "blobs", key);
        var path = Path.Combine(folder, Path.GetFileName(blob.Name));
        var version = new CachedVersion(path, properties.ETag, properties.ContentHash);
        if (File.Exists(path))
        {
            CacheFolderLimit.Touch(folder, DateTime.UtcNow);
            return version;
        }
        Directory.CreateDirectory(folder);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await client.DownloadToAsync(partial, new BlobDownloadToOptions
            {
                Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
            }, cancellationToken);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        CacheFolderLimit.Touch(folder, DateTime.UtcNow);
        cacheLimit?.Trim(Path.Combine(ScratchDirectory, "blobs"), DateTime.UtcNow);
        return version;
    }

    public async Task UploadFileAsync(BlobRef blob, string path, CancellationToken cancellationToken = default)
    {
        await Blob(blob).UploadAsync(path, overwrite: true, cancellationToken);
    }

    /// <summary>
    /// Uploads a request body as it arrives, in 4 MiB blocks committed only once the body ended (a failed or oversized
    /// upload leaves no blob, and never a partial one), with its MD5 and content type set in that same commit, so the
    /// blob has one version whose Content-MD5 names its content.
    /// </summary>
    public async Task UploadStreamAsync(BlobRef blob, Starting.BoundedUploadStream body, string contentType, CancellationToken cancellationToken = default)
    {
        var client = Container(blob.Container).GetBlockBlobClient(blob.Name);
        var blocks = new List<string>();
        var chunk = new byte[4 * 1024 * 1024];
        while (true)
        {
            var length = await body.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken);
            if (length == 0) break;
            var id = Convert.ToBase64String(BitConverter.GetBytes((long)blocks.Count));
            using (var block = new MemoryStream(chunk, 0, length, writable: false))
                await client.StageBlockAsync(id, block, cancellationToken: cancellationToken);
            blocks.Add(id);
            if (length < chunk.Length) break;
        }
        await client.CommitBlockListAsync(blocks, new CommitBlockListOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentHash = body.ContentMd5() },
        }, cancellationToken);
    }

    public async Task UploadBytesAsync(BlobRef blob, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        await Blob(blob).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, cancellationToken);
    }

    public Task UploadJsonAsync<T>(BlobRef blob, T value, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default) =>
        UploadBytesAsync(blob, JsonSerializer.SerializeToUtf8Bytes(value, options ?? PipelineJson.Options), cancellationToken);

    /// <summary>The blob's JSON, or default when the blob does not exist.</summary>
    public async Task<T?> ReadJsonAsync<T>(BlobRef blob, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await Blob(blob).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<T>(options ?? PipelineJson.Options);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return default;
        }
    }

    public async Task<bool> ExistsAsync(BlobRef blob, CancellationToken cancellationToken = default) =>
        await Blob(blob).ExistsAsync(cancellationToken);

    public async Task<List<BlobItem>> ListAsync(string container, string prefix, int max = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var items = new List<BlobItem>();
        await foreach (var item in Container(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            items.Add(item);
            if (items.Count >= max) break;
        }
        return items;
    }

    /// <summary>A scratch folder for one piece of work (deleted by the caller).</summary>
    public string NewWorkFolder(string purpose)
    {
        var folder = Path.Combine(ScratchDirectory, "work", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
