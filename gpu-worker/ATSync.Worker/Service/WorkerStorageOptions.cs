namespace ATSync.Worker.Service;

/// <summary>Where the data and the job records are: a connection string (Azurite, keys) or, in Azure, the account's
/// blob endpoint reached with a managed identity (DefaultAzureCredential; AZURE_CLIENT_ID picks a user-assigned one).</summary>
public sealed class WorkerStorageOptions
{
    public string? ConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }
}
