namespace ATSync.Worker.Service;

/// <summary>A blob (or, with a name ending in '/', a folder of blobs) in one of the worker's data containers.</summary>
public sealed record BlobLocation(Uri Uri, string Container, string Name)
{
    public bool IsFolder => Name.EndsWith('/');

    /// <summary>The last segment of the name: a file's name, or a folder's.</summary>
    public string FileName => Name.TrimEnd('/').Split('/')[^1];

    /// <summary>The folder holding this blob (its name up to and including the last '/').</summary>
    public string Parent => Name[..(Name.TrimEnd('/').LastIndexOf('/') + 1)];

    public BlobLocation Child(string relative) => this with { Uri = new Uri(Uri, relative), Name = Name + relative };

    public override string ToString() => Uri.ToString();
}
