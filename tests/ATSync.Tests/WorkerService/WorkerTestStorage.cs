using ATSync.Tests.Support;
using Azure.Storage.Blobs;

namespace ATSync.Tests.WorkerService;

/// <summary>
/// One test's corner of the shared Azurite: its own data containers and job-record container (so workers of other
/// tests never see its jobs), and its own input cache folder.
/// </summary>
internal sealed class WorkerTestStorage : IDisposable
{
    private readonly TempDirectory _cache = new();

    public WorkerTestStorage(AzuriteInstance azurite, string name)
    {
        ConnectionString = azurite.ConnectionString;
        Service = new BlobServiceClient(azurite.ConnectionString);
        Videos = $"{name}-videos";
        Datasets = $"{name}-datasets";
        Models = $"{name}-models";
        Results = $"{name}-results";
        JobsContainer = $"{name}-jobs";
    }

    public string ConnectionString { get; }

    public BlobServiceClient Service { get; }

    public string Videos { get; }

    public string Datasets { get; }

    public string Models { get; }

    public string Results { get; }

    public string JobsContainer { get; }

    public IReadOnlyList<string> Containers => [Videos, Datasets, Models, Results];

    public string CacheDirectory => _cache.Path;

    public string Uri(string container, string name) => $"{Service.Uri.AbsoluteUri.TrimEnd('/')}/{container}/{name}";

    public async Task<string> UploadFileAsync(string container, string name, string localPath)
    {
        var client = Service.GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        await client.GetBlobClient(name).UploadAsync(localPath, overwrite: true);
        return Uri(container, name);
    }

    /// <summary>Uploads every file under a local folder as blobs under {prefix}/; returns the folder URI.</summary>
    public async Task<string> UploadFolderAsync(string container, string prefix, string localFolder)
    {
        var client = Service.GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        foreach (var file in Directory.EnumerateFiles(localFolder, "*", SearchOption.AllDirectories))
            await client.GetBlobClient($"{prefix}/{Path.GetRelativePath(localFolder, file).Replace('\\', '/')}").UploadAsync(file, overwrite: true);
        return Uri(container, prefix + "/");
    }

    public async Task<List<string>> ListAsync(string container, string prefix)
    {
        var names = new List<string>();
        var client = Service.GetBlobContainerClient(container);
        if (!await client.ExistsAsync()) return names;
        await foreach (var blob in client.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }))
            names.Add(blob.Name);
        return names;
    }

    public void Dispose() => _cache.Dispose();
}
