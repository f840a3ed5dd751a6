namespace ATSync.Pipeline.Storage;

/// <summary>A short-lived link that downloads one blob without storage credentials (read only, until <see cref="ExpiresOn"/>).</summary>
public sealed record ReadLink(string Blob, Uri Url, DateTimeOffset ExpiresOn);
