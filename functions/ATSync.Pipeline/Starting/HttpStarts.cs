using System.Text.Json;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace ATSync.Pipeline.Starting;

/// <summary>
/// The HTTP routes' logic, shared by the Functions app and the local host (each only adapts its request and response
/// types). Bad input throws <see cref="PipelineInputException"/>, which both hosts answer with 400 and the message.
/// </summary>
public sealed class HttpStarts(PipelineStarter starter, PipelineStorage storage, PersonSummaryReader persons, ReadLinks links,
    IOptions<PipelineOptions> options, TimeProvider time)
{
    public const long MaxAudioBytes = 200L * 1024 * 1024;

    public async Task<string> StartTrainingAsync(DurableTaskClient client, string personId, Stream body, CancellationToken cancellationToken)
    {
        PersonIds.Validate(personId);
        var request = await ReadJsonAsync<TrainRequest>(body, cancellationToken) ?? new TrainRequest();
        var dataset = await persons.CurrentDatasetAsync(personId, cancellationToken)
                      ?? throw new PipelineInputException($"{personId} has no complete dataset yet: upload their video first");
        return await starter.StartTrainingAsync(client, personId, dataset.Folder, request.Parameters, request.RequestId, cancellationToken);
    }

    /// <summary>POST /api/lipsync: a JSON <see cref="LipsyncRequest"/>, or the audio file as the body with ?personId=.</summary>
    public async Task<(string InstanceId, string JobId)> StartLipsyncAsync(DurableTaskClient client, string? contentType, Stream body,
        string? queryPersonId, string? fileName, CancellationToken cancellationToken)
    {
        if (contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            var request = await ReadJsonAsync<LipsyncRequest>(body, cancellationToken)
                          ?? throw new PipelineInputException("the body is empty; send {\"personId\": ..., \"audio\": \"container/name\"}");
            var person = PersonIds.Validate(request.PersonId);
            var audio = BlobRef.Parse(request.Audio ?? throw new PipelineInputException("'audio' is missing"));
            if (!await storage.ExistsAsync(audio, cancellationToken)) throw new PipelineInputException($"{audio} does not exist");
            return await starter.StartLipsyncAsync(client, person, PipelineIds.NewLipsyncJobId(person), audio, request.Parameters, cancellationToken);
        }

        var personId = PersonIds.Validate(queryPersonId);
        var jobId = PipelineIds.NewLipsyncJobId(personId);
        var extension = Path.GetExtension(fileName ?? "") is { Length: > 1 and <= 6 } ext && ext.Skip(1).All(char.IsAsciiLetterOrDigit) ? ext : ".bin";
        var upload = ResultBlobs.Upload(jobId, extension.ToLowerInvariant());
        await using var sound = await BoundedUploadStream.OpenAsync(body, MaxAudioBytes, "audio", cancellationToken);
        await storage.UploadStreamAsync(upload, sound, contentType ?? "application/octet-stream", cancellationToken);
        return await starter.StartLipsyncAsync(client, personId, jobId, upload, null, cancellationToken);
    }

    /// <summary>
    /// PUT /api/persons/{person}/video: the body (streamed, at most <see cref="PipelineOptions.MaxVideoUploadBytes"/>)
    /// becomes <c>videos/{person}/{file name}</c> and the person's pipeline starts for it, as the blob trigger would
    /// start it (same instance id, so the trigger that follows starts nothing). Returns the pipeline's instance id.
    /// </summary>
    public async Task<string> UploadVideoAsync(DurableTaskClient client, string personId, string? contentType, string? fileName,
        Stream body, CancellationToken cancellationToken)
    {
        PersonIds.Validate(personId);
        var name = VideoFileName(fileName);
        if (contentType is { Length: > 0 } && !contentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase)
            && !contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
            throw new PipelineInputException($"content type '{contentType}' is not a video (send video/* or application/octet-stream)");
        var blob = new BlobRef(Containers.Videos, $"{personId}/{name}");
        await using (var video = await BoundedUploadStream.OpenAsync(body, options.Value.MaxVideoUploadBytes, "video", cancellationToken))
            await storage.UploadStreamAsync(blob, video, contentType is { Length: > 0 } ? contentType : "application/octet-stream", cancellationToken);
        var upload = await PipelineStarter.DescribeUploadAsync(storage.Blob(blob), cancellationToken);
        var (instanceId, _) = await starter.StartForUploadAsync(client, upload, cancellationToken);
        return instanceId;
    }

    /// <summary>Video extensions the upload route takes (the containers <c>MediaInputPolicy</c> lets ffmpeg open).</summary>
    public static readonly IReadOnlySet<string> VideoExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".ts", ".flv", ".wmv" };

    /// <summary>The client's file name reduced to [a-z0-9._-] (the same name again is the same blob, so the same
    /// bytes are the same pipeline); its extension must be a video's.</summary>
    private static string VideoFileName(string? fileName)
    {
        var given = Path.GetFileName(fileName ?? "");
        var extension = Path.GetExtension(given).ToLowerInvariant();
        if (!VideoExtensions.Contains(extension))
            throw new PipelineInputException($"?fileName= must name a video file ({string.Join(", ", VideoExtensions.Order())}), not '{given}'");
        var stem = new string(Path.GetFileNameWithoutExtension(given).ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-', '.');
        return (stem.Length == 0 ? "video" : stem[..Math.Min(stem.Length, 100)]) + extension;
    }

    /// <summary>A lip-sync's status with download links once it completed; null when no lip-sync has that instance id.</summary>
    public async Task<LipsyncStatus?> GetLipsyncAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        // "{person}:lipsync:{job}", as POST /api/lipsync names them: anything else is no lip-sync of ours.
        var parts = instanceId.Split(':');
        if (parts.Length != 3 || parts[1] != "lipsync" || !PersonIds.IsValid(parts[0]) || !parts[2].All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            return null;
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null || instance.Name != Orchestrators.LipsyncOrchestrator.Name) return null;
        var failure = instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed
            ? instance.FailureDetails?.ErrorMessage ?? "failed"
            : null;
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed || instance.ReadOutputAs<LipsyncResult>() is not { } done)
            return new LipsyncStatus(instanceId, parts[0], parts[2], instance.RuntimeStatus.ToString(), failure, null, null, null);
        return new LipsyncStatus(instanceId, done.PersonId, done.JobId, instance.RuntimeStatus.ToString(), null, done.ModelJobId,
            await links.ForAsync(done.Result, cancellationToken), await links.ForAsync(done.Report, cancellationToken));
    }

    /// <summary>What the pipeline knows of a person, with read links to the current model's eval when it has one.</summary>
    public async Task<PersonSummary> GetPersonAsync(DurableTaskClient client, string personId, CancellationToken cancellationToken)
    {
        var summary = await persons.ReadAsync(client, personId, cancellationToken);
        if (summary.Model is not { } model || (model.EvalReport is null && model.ContactSheet is null)) return summary;
        return summary with
        {
            Eval = new PersonSummary.EvalLinks(
                model.EvalReport is { } report ? await links.ForAsync(report, cancellationToken) : null,
                model.ContactSheet is { } sheet ? await links.ForAsync(sheet, cancellationToken) : null),
        };
    }

    /// <summary>The worker's callback: checked against <see cref="PipelineOptions.CallbackSecret"/> when one is set
    /// (<see cref="CallbackRejectedException"/> otherwise), then raised on the waiting orchestration.</summary>
    public async Task<bool> DeliverCallbackAsync(DurableTaskClient client, string instanceId, Stream body, string? signature,
        CancellationToken cancellationToken)
    {
        var bytes = await ReadSmallBodyAsync(body, "callback", cancellationToken);
        if (bytes.IsEmpty) throw new PipelineInputException("the request body is empty: send the callback as the body");
        if (options.Value.CallbackSecret is { Length: > 0 } secret
            && Worker.Client.CallbackSignature.Problem(secret, signature, bytes.Span, time.GetUtcNow()) is { } problem)
            throw new CallbackRejectedException(problem);
        var status = Deserialize<Worker.Client.JobStatus>(bytes.Span, Worker.Client.WorkerJson.Options)
                     ?? throw new PipelineInputException("the callback body is empty");
        return await starter.DeliverCallbackAsync(client, instanceId, status, cancellationToken);
    }

    /// <summary>A JSON request or a job status is a few hundred bytes; a body is read up to this much, never without a bound.</summary>
    private const int MaxSmallBodyBytes = 256 * 1024;

    private static async Task<T?> ReadJsonAsync<T>(Stream body, CancellationToken cancellationToken) =>
        Deserialize<T>((await ReadSmallBodyAsync(body, "JSON body", cancellationToken)).Span, PipelineJson.Options);

    /// <summary>The whole body; a <see cref="PipelineInputException"/> naming <paramref name="what"/> beyond <see cref="MaxSmallBodyBytes"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadSmallBodyAsync(Stream body, string what, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxSmallBodyBytes + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (length > MaxSmallBodyBytes) throw new PipelineInputException($"the {what} is larger than {MaxSmallBodyBytes / 1024} KiB");
        return buffer.AsMemory(0, length);
    }

    /// <summary>The body as <typeparamref name="T"/>; default when empty, <see cref="PipelineInputException"/> when not that JSON.</summary>
    private static T? Deserialize<T>(ReadOnlySpan<byte> json, JsonSerializerOptions options)
    {
        if (json.IsEmpty) return default;
        try
        {
            return JsonSerializer.Deserialize<T>(json, options);
        }
        catch (JsonException e)
        {
            throw new PipelineInputException($"the body is not valid JSON for this route: {e.Message}");
        }
    }
}
