using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ATSync.LocalHost;

/// <summary>
/// With <see cref="LocalHostOptions.FunctionKey"/> set, a request needs that key as <c>?code=</c> or
/// <c>x-functions-key</c> (compared in constant time), like a Functions host's keys; 401 otherwise. Applied to the
/// API and to the orchestration status and terminate routes alike: those read any instance's input and output and
/// stop any instance, so they need the key as much as the routes that start them.
/// </summary>
public sealed class FunctionKeyFilter(IOptions<LocalHostOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = options.Value.FunctionKey;
        if (!string.IsNullOrEmpty(key) && !Matches(context.HttpContext.Request, key)) return Results.Unauthorized();
        return await next(context);
    }

    private static bool Matches(HttpRequest request, string key)
    {
        var given = request.Query["code"].FirstOrDefault() ?? request.Headers["x-functions-key"].FirstOrDefault() ?? "";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));
    }
}
