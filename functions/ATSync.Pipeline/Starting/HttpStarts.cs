using System.Text.Json;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using Microsoft.DurableTask.Client;

namespace ATSync.Pipeline.Starting;

/// <summary>
/// The HTTP routes' logic, shared by the Functions app and the local host (each only adapts its request and response
/// types). Bad input throws <see cref="PipelineInputException"/>, which both hosts answer with 400 and the message.
/// </summary>
public sealed class HttpStarts(PipelineStarter starter, PipelineStorage storage, PersonSummaryReader persons, ReadLinks links)
{
    public const long MaxAudioBytes = 200L * 1024 * 1024;

    public async Task<string> StartTrainingAsync(DurableTaskClient client, string personId, Stream body, CancellationToken cancellationToken)
    {
        PersonIds.Validate(personId);
        var request = await ReadJsonAsync<TrainRequest>(body, cancellationToken) ?? new TrainRequest();
        return await starter.StartTrainingAsync(client, personId, request.Parameters, request.RequestId, cancellationToken);
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
        using var buffer = new MemoryStream();
        await CopyBoundedAsync(body, buffer, cancellationToken);
        if (buffer.Length == 0) throw new PipelineInputException("the request body is empty: post the audio file, or JSON with an audio blob path");
        await storage.UploadBytesAsync(upload, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        return await starter.StartLipsyncAsync(client, personId, jobId, upload, null, cancellationToken);
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

    public Task<PersonSummary> GetPersonAsync(DurableTaskClient client, string personId, CancellationToken cancellationToken) =>
        persons.ReadAsync(client, personId, cancellationToken);

    public async Task<bool> DeliverCallbackAsync(DurableTaskClient client, string instanceId, Stream body, CancellationToken cancellationToken)
    {
        var status = await ReadJsonAsync<Worker.Client.JobStatus>(body, cancellationToken, Worker.Client.WorkerJson.Options)
                     ?? throw new PipelineInputException("the callback body is empty");
        return await starter.DeliverCallbackAsync(client, instanceId, status, cancellationToken);
    }

    private static async Task CopyBoundedAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (to.Length + read > MaxAudioBytes) throw new PipelineInputException($"the audio is larger than {MaxAudioBytes / (1024 * 1024)} MB");
            await to.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
    }

    private static async Task<T?> ReadJsonAsync<T>(Stream body, CancellationToken cancellationToken, JsonSerializerOptions? options = null)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0) return default;
        try
        {
            buffer.Position = 0;
            return await JsonSerializer.DeserializeAsync<T>(buffer, options ?? PipelineJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new PipelineInputException($"the body is not valid JSON for this route: {e.Message}");
        }
    }
}
