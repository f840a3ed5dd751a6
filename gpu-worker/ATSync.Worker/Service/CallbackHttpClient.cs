namespace ATSync.Worker.Service;

/// <summary>
/// The HTTP client callbacks are POSTed with. It does not follow redirects: the callback host was checked against
/// <see cref="CallbackUrlPolicy"/>, and a 3xx from it would otherwise send the job's status (and the worker's
/// requests) to whatever host the redirect names.
/// </summary>
public static class CallbackHttpClient
{
    public const string Name = "callbacks";

    public static IHttpClientBuilder Register(IServiceCollection services) =>
        services.AddHttpClient(Name, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
}
