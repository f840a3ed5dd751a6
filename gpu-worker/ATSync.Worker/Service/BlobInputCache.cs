using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ATSync.Core.IO;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace ATSync.Worker.Service;

/// <summary>
/// Job inputs downloaded once to local disk and reused: an entry is keyed by the blob URI and its ETag (for a folder,
/// every blob's name and ETag), so the next job of the same person reuses the dataset, video and model it already has,
/// and a changed blob is fetched again. Entries appear atomically (downloaded beside, then renamed into place). After
/// each download the cache is trimmed to <see cref="WorkerOptions.InputCacheMaxBytes"/>, least recently used first,
/// sparing entries used within <see cref="WorkerOptions.InputCacheKeepRecent"/>.
/// </summary>
public sealed class BlobInputCache(BlobServiceClient service, IOptions<WorkerOptions> options, TimeProvider clock, ILogger<BlobInputCache> logger)
{
    private readonly string _root = options.Value.InputCacheDirectory;
    private readonly CacheFolderLimit _limit = new(options.Value.InputCacheMaxBytes, options.Value.InputCacheKeepRecent);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    /// <summary>A local copy of one blob, plus the named companions beside it when they exist (a checkpoint's
    /// model_card.json). Returns the file's local path.</summary>
    public async Task<string> FetchFileAsync(BlobLocation file, IReadOnlyList<string> companions, CancellationToken cancellationToken)
    {
        var container = service.GetBlobContainerClient(file.Container);
        var blobs = new List<(string Name, string RelativePath, ETag ETag)>();
        try
        {
            var properties = await container.GetBlobClient(file.Name).GetPropertiesAsync(cancellationToken: cancellationToken);
            blobs.Add((file.Name, file.FileName, properties.Value.ETag));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException($"input {file} does not exist");
        }
        foreach (var companion in companions)
        {
            var name = file.Parent + companion;
            try
            {
                var p = await container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken);
                blobs.Add((name, companion, p.Value.ETag));
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Optional.
            }
        }
        var directory = await EnsureAsync(file, container, blobs, cancellationToken);
        return Path.Combine(directory, file.FileName);
    }

    /// <summary>A local copy of every blob under a folder URI; returns the local folder.</summary>
    public async Task<string> FetchFolderAsync(BlobLocation folder, CancellationToken cancellationToken)
    {
        var container = service.GetBlobContainerClient(folder.Container);
        var blobs = new List<(string Name, string RelativePath, ETag ETag)>();
        try
        {
            await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = folder.Name }, cancellationToken))
                blobs.Add((blob.Name, blob.Name[folder.Name.Length..], blob.Properties.ETag!.Value));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No such container: reported as an empty folder below.
        }
        if (blobs.Count == 0) throw new FileNotFoundException($"input folder {folder} is empty or does not exist");
        return await EnsureAsync(folder, container, blobs, cancellationToken);
    }

    private async Task<string> EnsureAsync(BlobLocation location, BlobContainerClient container,
        List<(string Name, string RelativePath, ETag ETag)> blobs, CancellationToken cancellationToken)
    {
        var key = Key(location, blobs.Select(b => $"{b.Name}@{b.ETag}"));
        var entry = Path.Combine(_root, key);
        var target = location.IsFolder ? Path.Combine(entry, location.FileName) : entry;
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(entry))
            {
                CacheFolderLimit.Touch(entry, clock.GetUtcNow().UtcDateTime);
                logger.LogInformation("input {Uri}: cached", location.Uri);
                return target;
            }
            var staging = $"{entry}.{Guid.NewGuid():N}.partial";
            var stagingTarget = location.IsFolder ? Path.Combine(staging, location.FileName) : staging;
            try
            {
                foreach (var blob in blobs)
                {
                    var path = Path.Combine(stagingTarget, blob.RelativePath.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    // Pinned to the ETag the cache key was made from: a blob replaced meanwhile fails instead of
                    // filling this entry with content of another version.
                    await container.GetBlobClient(blob.Name).DownloadToAsync(path,
                        new Azure.Storage.Blobs.Models.BlobDownloadToOptions { Conditions = new() { IfMatch = blob.ETag } }, cancellationToken);
                }
                Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
                Directory.Move(staging, entry);
                CacheFolderLimit.Touch(entry, clock.GetUtcNow().UtcDateTime);
            }
            catch
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
                throw;
            }
            logger.LogInformation("input {Uri}: downloaded {Count} blob(s)", location.Uri, blobs.Count);
            foreach (var evicted in _limit.Trim(_root, clock.GetUtcNow().UtcDateTime))
                logger.LogInformation("input cache: evicted {Entry} (least recently used)", Path.GetFileName(evicted));
            return target;
        }
        finally
        {
            gate.Release();
        }
    }

    private static string Key(BlobLocation location, IEnumerable<string> versions)
    {
        var text = location.Uri.AbsoluteUri + "\n" + string.Join("\n", versions.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
