using System.Net;
using System.Net.Sockets;
using ATSync.Worker.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ATSync.Tests.WorkerService;

/// <summary>Callbacks go only to configured hosts (loopback by default, for local use) and never follow a redirect.</summary>
public class CallbackUrlPolicyTests
{
    private static CallbackUrlPolicy Policy(string hosts = "", bool loopback = true) =>
        new(Options.Create(new WorkerOptions { CallbackHosts = hosts, AllowLoopbackCallbacks = loopback }));

    [Theory]
    [InlineData("", "http://127.0.0.1:7071/api/callbacks/x", true)]
    [InlineData("", "http://localhost/api/callbacks/x", true)]
    [InlineData("", "http://[::1]:8080/cb", true)]
    [InlineData("", "http://169.254.169.254/latest/meta-data", false)]
    [InlineData("", "https://func-x.azurewebsites.net/api/callbacks/x", false)]
    [InlineData("func-x.azurewebsites.net", "https://func-x.azurewebsites.net/api/callbacks/x?code=k", true)]
    [InlineData("func-x.azurewebsites.net", "https://FUNC-X.azurewebsites.net/api/callbacks/x", true)]
    [InlineData("func-x.azurewebsites.net", "https://func-x.azurewebsites.net.evil.example/cb", false)]
    [InlineData("func-x.azurewebsites.net", "https://func-y.azurewebsites.net/cb", false)]
    [InlineData("*.example.net", "https://app.example.net/cb", true)]
    [InlineData("*.example.net", "https://example.net/cb", false)]
    [InlineData("*.example.net", "https://badexample.net/cb", false)]
    [InlineData("a.example, b.example", "http://b.example/cb", true)]
    [InlineData("", "ftp://127.0.0.1/cb", false)]
    [InlineData("", "not a url", false)]
    public void Only_configured_hosts_and_loopback_are_allowed(string hosts, string url, bool allowed)
    {
        var problem = Policy(hosts).Problem(url);
        Assert.True(allowed == (problem is null), $"{url} with CallbackHosts '{hosts}': {problem ?? "allowed"}");
    }

    [Fact]
    public void Loopback_can_be_turned_off_and_the_refusal_names_the_setting()
    {
        var problem = Policy("func-x.azurewebsites.net", loopback: false).Problem("http://127.0.0.1:7071/cb");
        Assert.Equal("callback host '127.0.0.1' is not allowed (Worker__CallbackHosts: func-x.azurewebsites.net)", problem);
        Assert.Contains("user info", Policy().Problem("http://user:pw@127.0.0.1/cb"));
    }

    [Fact]
    public async Task The_callback_client_does_not_follow_redirects()
    {
        // One loopback endpoint: /callback redirects to /elsewhere, which would answer 200 if it were ever reached.
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var reachedElsewhere = 0;
        var serve = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                if (context.Request.Url!.AbsolutePath == "/callback")
                {
                    context.Response.StatusCode = 307;
                    context.Response.RedirectLocation = $"http://127.0.0.1:{port}/elsewhere";
                }
                else
                {
                    Interlocked.Increment(ref reachedElsewhere);
                    context.Response.StatusCode = 200;
                }
                context.Response.Close();
            }
        });

        var services = new ServiceCollection();
        CallbackHttpClient.Register(services);
        using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(CallbackHttpClient.Name);
        using var response = await client.PostAsync($"http://127.0.0.1:{port}/callback", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(0, Volatile.Read(ref reachedElsewhere));
        listener.Stop();
        await serve;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
