using System.Net;
using System.Text.Json;
using ATSync.Pipeline;
using Microsoft.Azure.Functions.Worker.Http;

namespace ATSync.Functions.Triggers;

/// <summary>JSON and error responses of the HTTP functions (the same shapes the local host returns).</summary>
internal static class HttpResponses
{
    public static async Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T body)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(JsonSerializer.Serialize(body, PipelineJson.Options));
        return response;
    }

    public static Task<HttpResponseData> BadRequestAsync(HttpRequestData request, PipelineInputException error) =>
        JsonAsync(request, HttpStatusCode.BadRequest, new { error = error.Message });
}
