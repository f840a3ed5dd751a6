using ATSync.Worker.Client;

namespace ATSync.Worker.Service;

/// <summary>Refuses a /v1 request whose <c>x-api-key</c> header is missing or wrong with 401.</summary>
public sealed class ApiKeyFilter(WorkerApiKey key) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var sent = context.HttpContext.Request.Headers[GpuWorkerClient.ApiKeyHeader];
        if (sent.Count == 1 && key.Matches(sent[0])) return await next(context);
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: sent.Count == 0 ? $"missing {GpuWorkerClient.ApiKeyHeader} header" : $"wrong {GpuWorkerClient.ApiKeyHeader}");
    }
}
