namespace ATSync.Pipeline;

/// <summary>Where the GPU worker is (configuration section "GpuWorker": <c>GpuWorker__BaseUrl</c>, <c>GpuWorker__ApiKey</c>).</summary>
public sealed class GpuWorkerOptions
{
    public const string Section = "GpuWorker";

    public string BaseUrl { get; set; } = "";

    public string ApiKey { get; set; } = "";
}
