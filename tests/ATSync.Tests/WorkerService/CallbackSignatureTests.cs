using System.Text;
using ATSync.Worker.Client;

namespace ATSync.Tests.WorkerService;

/// <summary>The callback signature both sides share: it covers the body and the timestamp, with a replay window.</summary>
public sealed class CallbackSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":\"train-a\",\"state\":\"succeeded\"}");
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_signature_verifies_only_with_its_secret_body_and_time()
    {
        var header = CallbackSignature.Create("s3cret", Now, Body);
        Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", header);
        Assert.Null(CallbackSignature.Problem("s3cret", header, Body, Now.AddMinutes(4)));

        Assert.Contains("does not match", CallbackSignature.Problem("other", header, Body, Now));
        var altered = Body.ToArray();
        altered[5] ^= 1;
        Assert.Contains("does not match", CallbackSignature.Problem("s3cret", header, altered, Now));
        // Re-dating a captured signature breaks it; keeping its date runs out of the window.
        var redated = header.Replace($"t={Now.ToUnixTimeSeconds()}", $"t={Now.AddMinutes(10).ToUnixTimeSeconds()}");
        Assert.Contains("does not match", CallbackSignature.Problem("s3cret", redated, Body, Now.AddMinutes(10)));
        Assert.Contains("outside the accepted window", CallbackSignature.Problem("s3cret", header, Body, Now.AddMinutes(6)));
        Assert.Contains("no X-ATSync-Signature", CallbackSignature.Problem("s3cret", null, Body, Now));
        Assert.Contains("malformed", CallbackSignature.Problem("s3cret", "v1=abc", Body, Now));
    }
}
