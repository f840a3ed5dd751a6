using System.Net;
using ATSync.Pipeline;
using ATSync.Pipeline.Api;
using ATSync.Pipeline.Starting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace ATSync.Functions.Triggers;

/// <summary>
/// The HTTP API (function keys required): start a training, start a lip-sync, read a person, and the GPU worker's job
/// callback. Starters answer with the Durable check-status 202 (statusQueryGetUri and friends).
/// </summary>
public sealed class PipelineHttpFunctions(HttpStarts starts)
{
    [Function("StartTraining")]
    public async Task<HttpResponseData> StartTrainingAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "persons/{personId}/train")] HttpRequestData request,
        string personId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            var instanceId = await starts.StartTrainingAsync(client, personId, request.Body, cancellationToken);
            return await client.CreateCheckStatusResponseAsync(request, instanceId, cancellationToken);
        }
        catch (PipelineInputException e)
        {
            return await HttpResponses.BadRequestAsync(request, e);
        }
    }

    /// <summary>The Functions host hands the isolated worker the whole body (and caps requests at 100 MB in Azure);
    /// larger videos go straight into the videos container, which starts the same pipeline.</summary>
    [Function("UploadVideo")]
    public async Task<HttpResponseData> UploadVideoAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "persons/{personId}/video")] HttpRequestData request,
        string personId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            request.Headers.TryGetValues("Content-Type", out var types);
            var query = System.Web.HttpUtility.ParseQueryString(request.Url.Query);
            var instanceId = await starts.UploadVideoAsync(client, personId, types?.FirstOrDefault(), query["fileName"], request.Body, cancellationToken);
            return await client.CreateCheckStatusResponseAsync(request, instanceId, cancellationToken);
        }
        catch (PipelineInputException e)
        {
            return await HttpResponses.BadRequestAsync(request, e);
        }
    }

    [Function("StartLipsync")]
    public async Task<HttpResponseData> StartLipsyncAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "lipsync")] HttpRequestData request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            request.Headers.TryGetValues("Content-Type", out var types);
            var query = System.Web.HttpUtility.ParseQueryString(request.Url.Query);
            var (instanceId, _) = await starts.StartLipsyncAsync(client, types?.FirstOrDefault(), request.Body,
                query["personId"], query["fileName"], cancellationToken);
            return await client.CreateCheckStatusResponseAsync(request, instanceId, cancellationToken);
        }
        catch (PipelineInputException e)
        {
            return await HttpResponses.BadRequestAsync(request, e);
        }
    }

    [Function("GetLipsync")]
    public async Task<HttpResponseData> GetLipsyncAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "lipsync/{instanceId}")] HttpRequestData request,
        string instanceId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (await starts.GetLipsyncAsync(client, instanceId, cancellationToken) is not { } status)
            return request.CreateResponse(HttpStatusCode.NotFound);
        return await HttpResponses.JsonAsync(request, status.InProgress ? HttpStatusCode.Accepted : HttpStatusCode.OK, status);
    }

    [Function("OpenApi")]
    public async Task<HttpResponseData> OpenApiAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = PipelineOpenApi.Route)] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json");
        await response.WriteStringAsync(PipelineOpenApi.Json);
        return response;
    }

    [Function("GetPerson")]
    public async Task<HttpResponseData> GetPersonAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "persons/{personId}")] HttpRequestData request,
        string personId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await HttpResponses.JsonAsync(request, HttpStatusCode.OK, await starts.GetPersonAsync(client, personId, cancellationToken));
        }
        catch (PipelineInputException e)
        {
            return await HttpResponses.BadRequestAsync(request, e);
        }
    }

    /// <summary>The worker POSTs a job's final JobStatus here; it wakes the waiting WorkerJob orchestration, which then
    /// confirms the status with the worker itself. Anonymous: the worker signs the body with the shared
    /// Pipeline:CallbackSecret (a function key in the callback URL would have to be handed to the worker and logged).</summary>
    [Function("WorkerCallback")]
    public async Task<HttpResponseData> WorkerCallbackAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CallbackUrls.RoutePrefix + "/{instanceId}")] HttpRequestData request,
        string instanceId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            request.Headers.TryGetValues(Worker.Client.CallbackSignature.Header, out var signatures);
            var delivered = await starts.DeliverCallbackAsync(client, instanceId, request.Body, signatures?.FirstOrDefault(), cancellationToken);
            return request.CreateResponse(delivered ? HttpStatusCode.Accepted : HttpStatusCode.NotFound);
        }
        catch (CallbackRejectedException e)
        {
            return await HttpResponses.JsonAsync(request, HttpStatusCode.Unauthorized, new { error = e.Message });
        }
        catch (PipelineInputException e)
        {
            return await HttpResponses.BadRequestAsync(request, e);
        }
    }
}
