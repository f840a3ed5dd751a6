using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ATSync.Worker.Service;

/// <summary>
/// Uploads job outputs. Each upload is atomic in blob storage (blocks are staged and become visible only when the
/// block list is committed), so a killed upload leaves nothing behind and a retry overwrites rather than adds.
/// </summary>
public sealed class BlobOutputWriter(BlobServiceClient service)
{
    public async Task UploadFileAsync(string localPath, BlobLocation target, CancellationToken cancellationToken)
    {
        var container = service.GetBlobContainerClient(target.Container);
        var blob = container.GetBlobClient(target.Name);
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ContentType(localPath) } };
        try
        {
            await blob.UploadAsync(localPath, options, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // An allowed data container that nobody has written to yet.
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await blob.UploadAsync(localPath, options, cancellationToken);
        }
    }

    /// <summary>Uploads the given files of a local folder (paths relative to it) under a folder location, in order.</summary>
    public async Task UploadFilesAsync(string localFolder, IEnumerable<string> relativePaths, BlobLocation folder, CancellationToken cancellationToken)
    {
        foreach (var relative in relativePaths)
            await UploadFileAsync(Path.Combine(localFolder, relative), folder.Child(relative.Replace(Path.DirectorySeparatorChar, '/')), cancellationToken);
    }

    /// <summary>Names (relative to the folder) of the blobs under a folder location.</summary>
    public async Task<List<string>> ListAsync(BlobLocation folder, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        try
        {
            await foreach (var blob in service.GetBlobContainerClient(folder.Container).GetBlobsAsync(new GetBlobsOptions { Prefix = folder.Name }, cancellationToken))
                names.Add(blob.Name[folder.Name.Length..]);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // No container yet: nothing in the folder.
        }
        return names;
    }

    public async Task DownloadFileAsync(BlobLocation blob, string localPath, CancellationToken cancellationToken) =>
        await service.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name).DownloadToAsync(localPath, cancellationToken);

    public async Task DeleteFolderAsync(BlobLocation folder, CancellationToken cancellationToken)
    {
        var container = service.GetBlobContainerClient(folder.Container);
        foreach (var relative in await ListAsync(folder, cancellationToken))
            await container.GetBlobClient(folder.Name + relative).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".mp4" => "video/mp4",
        _ => "application/octet-stream",
    };
}
