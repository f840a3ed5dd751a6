using ATSync.Pipeline;
using ATSync.Pipeline.Api;
using ATSync.Pipeline.Starting;
using ATSync.Worker.Client;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace ATSync.LocalHost;

/// <summary>
/// The Functions app's HTTP routes on Kestrel (same paths, bodies and 202 check-status responses), plus the status
/// routes the check-status URLs point at. With <see cref="LocalHostOptions.FunctionKey"/> set, both need that key
/// (<see cref="FunctionKeyFilter"/>); the check-status URLs then carry it, as the Functions host's carry its system key.
/// </summary>
public static class PipelineRoutes
{
    public static WebApplication MapPipelineRoutes(this WebApplication app)
    {
        // Every /api route answers bad input with 400 and a rejected callback signature with 401; all but the
        // worker's callback also need the function key (when one is set).
        var open = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (PipelineInputException e)
            {
                return Results.BadRequest(new { error = e.Message });
            }
            catch (CallbackRejectedException e)
            {
                return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status401Unauthorized);
            }
        });
        var api = open.MapGroup("").AddEndpointFilter<FunctionKeyFilter>();

        api.MapPost("/persons/{personId}/train", async (string personId, HttpRequest request, HttpStarts starts, DurableTaskClient client,
            CancellationToken token) => Accepted(request, await starts.StartTrainingAsync(client, personId, request.Body, token)));

        // Streamed: Kestrel hands the body over as it arrives (its own 30 MB default limit lifted; the route's applies).
        api.MapPut("/persons/{personId}/video", async (string personId, HttpRequest request, HttpStarts starts, DurableTaskClient client,
            CancellationToken token) =>
        {
            if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = null;
            return Accepted(request, await starts.UploadVideoAsync(client, personId, request.ContentType, request.Query["fileName"], request.Body, token));
        });

        api.MapPost("/lipsync", async (HttpRequest request, HttpStarts starts, DurableTaskClient client, CancellationToken token) =>
        {
            var (instanceId, _) = await starts.StartLipsyncAsync(client, request.ContentType, request.Body,
                request.Query["personId"], request.Query["fileName"], token);
            return Accepted(request, instanceId);
        });

        api.MapGet("/lipsync/{instanceId}", async (string instanceId, HttpStarts starts, DurableTaskClient client, CancellationToken token) =>
            await starts.GetLipsyncAsync(client, instanceId, token) is { } status
                ? Results.Json(status, PipelineJson.Options, statusCode: status.InProgress ? 202 : 200)
                : Results.NotFound());

        api.MapGet($"/{PipelineOpenApi.Route}", () => Results.Text(PipelineOpenApi.Json, "application/json"));
        api.MapGet("/persons/{personId}", async (string personId, HttpStarts starts, DurableTaskClient client, CancellationToken token) =>
            Results.Json(await starts.GetPersonAsync(client, personId, token), PipelineJson.Options));

        // Outside the key filter, like the Functions app's anonymous callback route: the worker's signature
        // (Pipeline:CallbackSecret) is what authenticates it.
        open.MapPost($"/{CallbackUrls.RoutePrefix}/{{instanceId}}", async (string instanceId, HttpRequest request, HttpStarts starts,
            DurableTaskClient client, CancellationToken token) =>
            await starts.DeliverCallbackAsync(client, instanceId, request.Body, request.Headers[CallbackSignature.Header], token)
                ? Results.Accepted() : Results.NotFound());

        var instances = app.MapGroup(CheckStatusResponse.InstancesRoute).AddEndpointFilter<FunctionKeyFilter>();
        instances.MapGet("/{instanceId}", async (string instanceId, DurableTaskClient client,
            CancellationToken token) =>
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, token);
            if (instance is null) return Results.NotFound();
            var body = new
            {
                name = instance.Name,
                instanceId = instance.InstanceId,
                runtimeStatus = instance.RuntimeStatus.ToString(),
                input = instance.SerializedInput,
                output = instance.SerializedOutput,
                customStatus = instance.SerializedCustomStatus,
                failure = instance.FailureDetails?.ErrorMessage
                          ?? (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? instance.SerializedOutput : null),
                createdTime = instance.CreatedAt,
                lastUpdatedTime = instance.LastUpdatedAt,
            };
            // Like the Durable Functions status API: 202 while it runs, 200 when done.
            return instance.IsCompleted ? Results.Json(body, PipelineJson.Options) : Results.Json(body, PipelineJson.Options, statusCode: 202);
        });

        instances.MapPost("/{instanceId}/terminate", async (string instanceId, string? reason,
            DurableTaskClient client, CancellationToken token) =>
        {
            await client.TerminateInstanceAsync(instanceId, reason, token);
            return Results.Accepted();
        });

        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }

    private static IResult Accepted(HttpRequest request, string instanceId)
    {
        var key = request.HttpContext.RequestServices.GetRequiredService<IOptions<LocalHostOptions>>().Value.FunctionKey;
        var body = CheckStatusResponse.For(request, instanceId, key);
        return new AcceptedWithLocation(Results.Json(body, PipelineJson.Options, statusCode: StatusCodes.Status202Accepted),
            body.StatusQueryGetUri);
    }

    /// <summary>The JSON body plus the Location header the Durable 202 carries.</summary>
    private sealed class AcceptedWithLocation(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
