namespace ATSync.Worker.Client;

/// <summary>
/// A job as submitted to <c>POST /v1/jobs</c>. Inputs and outputs are blob URIs in the worker's storage account, keyed
/// by role (see <see cref="JobRoles"/>); a URI ending in '/' names a folder (a dataset or a model directory).
/// Parameters are the CLI's flags without dashes (<c>epochs</c>, <c>batchsize</c>, <c>lr</c>, <c>asr</c>,
/// <c>batch_size</c>, ...), as strings. The id is the caller's: the same id submitted twice is the same job.
/// </summary>
public sealed record JobSpec(
    string Id,
    JobKind Kind,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyDictionary<string, string>? Parameters = null,
    string? CallbackUrl = null);
