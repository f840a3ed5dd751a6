namespace ATSync.Worker.Service;

/// <summary>
/// The worker service's settings, bound from the "Worker" configuration section (environment: <c>Worker__Concurrency</c>
/// and so on). The API key is not here: it is <c>ATSYNC_WORKER_API_KEY</c> (see <see cref="WorkerApiKey"/>).
/// </summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>The container the job records live in (never a data container). Only tests change it, to keep apart.</summary>
    public string JobsContainer { get; set; } = "worker-jobs";

    public WorkerStorageOptions Storage { get; set; } = new();

    /// <summary>Comma-separated data containers job inputs and outputs may name.</summary>
    public string Containers { get; set; } = "videos,datasets,models,results";

    /// <summary>Jobs run at once (one GPU: 1).</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>Downloaded inputs (reused across jobs) and each job's working files.</summary>
    public string CacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "atsync-worker");

    /// <summary>Training device: auto, cpu or cuda.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Names this worker in job records. A worker restarted under the same name takes its own running jobs
    /// back at once; another worker's only once their lease has lapsed. Default: the machine name.</summary>
    public string InstanceId { get; set; } = Environment.MachineName;

    /// <summary>How long a running job stays claimed without a heartbeat before another worker may retry it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a running job's progress is written to its record (and its lease renewed, and a cancel
    /// request from another worker noticed).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the job records are scanned for queued jobs and lapsed leases (other workers' jobs).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Least time between two uploads of a training's resumable state (after an epoch) for a retry to resume
    /// from: a crash loses at most about this much training.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The HuBERT / WeNet encoder ONNX files (local files, e.g. baked into the image) infer jobs of persons with
    /// those features compute the new audio's features with; the pipeline's Pipeline:HubertModelPath / WenetModelPath
    /// must be the same models. Unset: such jobs fail saying which setting is missing.</summary>
    public string? HubertModelPath { get; set; }

    /// <inheritdoc cref="HubertModelPath"/>
    public string? WenetModelPath { get; set; }

    /// <summary>Size the input cache (datasets, videos, models downloaded for jobs) is trimmed to, least recently used
    /// first, after each download.</summary>
    public long InputCacheMaxBytes { get; set; } = 50L * 1024 * 1024 * 1024;

    /// <summary>Inputs used more recently than this are never evicted (a running job may still read them).</summary>
    public TimeSpan InputCacheKeepRecent { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Attempts (worker crashes or restarts mid-job) after which a job fails instead of being retried.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long after a job ends its callback is retried before the worker gives up.</summary>
    public TimeSpan CallbackRetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>First wait between callback attempts; doubles up to <see cref="CallbackMaxDelay"/>.</summary>
    public TimeSpan CallbackInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan CallbackMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Comma-separated hosts job callbacks may go to: exact names, or "*.example.net" for its subdomains
    /// (e.g. the Functions app's "func-x.azurewebsites.net"). Empty: loopback only, when allowed.</summary>
    public string CallbackHosts { get; set; } = "";

    /// <summary>Shared with the callback receiver (the Functions app's Pipeline:CallbackSecret; Key Vault in Azure): each
    /// callback is signed with it (header X-ATSync-Signature). Empty: callbacks go unsigned.</summary>
    public string? CallbackSecret { get; set; }

    /// <summary>Callbacks to loopback (localhost, 127.0.0.0/8, ::1) are allowed: the local host and tests run beside
    /// the worker. A deployed worker turns it off.</summary>
    public bool AllowLoopbackCallbacks { get; set; } = true;

    public IReadOnlyList<string> CallbackHostList =>
        CallbackHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> ContainerList =>
        Containers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => c != JobsContainer).ToArray();

    public string InputCacheDirectory => Path.Combine(CacheDirectory, "inputs");

    public string JobsDirectory => Path.Combine(CacheDirectory, "jobs");
}
