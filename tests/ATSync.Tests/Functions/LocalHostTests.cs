using System.Text.Json;
using ATSync.Core.Datasets;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ATSync.Pipeline.Storage;
using ATSync.Tests.Support;
using ATSync.Worker.Client;
using Azure.Storage.Blobs;

namespace ATSync.Tests.Functions;

/// <summary>
/// The local host over the Azurite-backed durable backend: HTTP routes with the Durable 202 check-status contract,
/// the worker callback route, orchestration state surviving a host restart, and the videos watcher starting one
/// pipeline for the same upload seen twice.
/// </summary>
[Collection(FunctionsAzuriteCollection.Name)]
public sealed class LocalHostTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FakeGpuWorker _worker = new();
    private readonly TempDirectory _scratch = new();
    private readonly string _taskHub = $"lh{Guid.NewGuid():N}"[..14];
    private BlobServiceClient Blobs => new(azurite.Azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _worker.DisposeAsync();
        _scratch.Dispose();
    }

    private Task<LocalHostProcess> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        LocalHostProcess.StartAsync(azurite.Azurite.ConnectionString, _taskHub, _worker.BaseUrl, _scratch.Path, settings);

    /// <summary>A complete (manifest-only) dataset for <paramref name="person"/>, in the layout made before versions:
    /// POST /train needs the person to have one; the scripted worker reads none of it.</summary>
    private async Task SeedDatasetAsync(string person)
    {
        var manifest = new DatasetManifest
        {
            Source = new DatasetManifest.SourceVideo("seed.mp4", 1, "00", 1, "h264", 160, 160, 0, 25, "aac", 16000, 1),
            FrameCount = 25, DurationSeconds = 1, FrameWidth = 160, FrameHeight = 160,
            Features = new DatasetManifest.FeatureInfo(Core.Audio.AudioFeatureKind.Mel, "aud_mel.npy", [25, 16, 80], null),
            Landmarks = new DatasetManifest.LandmarkInfo(Core.Faces.LandmarkScheme.Ibug68, 68, "seed", "seed"),
            Faces = new DatasetManifest.FaceQuality(1, 0, 0),
            StageSeconds = new Dictionary<string, double>(),
        };
        var datasets = Blobs.GetBlobContainerClient(Containers.Datasets);
        await datasets.CreateIfNotExistsAsync();
        await datasets.GetBlobClient($"{person}/{DatasetLayout.ManifestFileName}")
            .UploadAsync(BinaryData.FromObjectAsJson(manifest, DatasetManifest.JsonOptions), overwrite: true);
    }

    [Fact]
    public async Task A_training_started_over_http_survives_a_host_restart_and_ends_on_the_workers_callback()
    {
        // An hour between polls: only the callback can end this wait.
        var settings = new Dictionary<string, string?> { ["Pipeline:PollInterval"] = "01:00:00" };
        await SeedDatasetAsync("lh-train");
        string statusPath, jobId, callbackPath;
        await using (var first = await StartHostAsync(settings))
        {
            using var response = await first.Http.PostAsJsonAsync($"{first.BaseUrl}/api/persons/lh-train/train",
                new { parameters = new { epochs = "1" }, requestId = "r1" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal((string)body["statusQueryGetUri"]!, response.Headers.Location!.ToString());
            Assert.StartsWith("lh-train:train:", (string)body["id"]!);
            statusPath = new Uri((string)body["statusQueryGetUri"]!).PathAndQuery;

            await PipelineTestHost.UntilAsync(() => !_worker.Submissions.IsEmpty, TimeSpan.FromSeconds(60), "the training submission");
            var spec = Assert.Single(_worker.Submissions);
            Assert.Equal(JobKind.Train, spec.Kind);
            Assert.Equal("1", spec.Parameters!["epochs"]);
            jobId = spec.Id;
            callbackPath = new Uri(spec.CallbackUrl!).PathAndQuery;
            Assert.StartsWith($"{first.BaseUrl}/api/callbacks/", spec.CallbackUrl);
            // Stop only once the orchestration has recorded the submission (it then waits on a timer and events).
            await PipelineTestHost.UntilAsync(() => CustomStatusOf(first, statusPath).Contains("\"waiting\":true"),
                TimeSpan.FromSeconds(60), "the orchestration to wait for the job");
        }

        // While no host runs, the job finishes on the worker and writes its checkpoint.
        await Blobs.GetBlobContainerClient(Containers.Models).GetBlobClient($"lh-train/{jobId}/epoch_1.pth")
            .UploadAsync(BinaryData.FromString("checkpoint"), overwrite: true);
        _worker.SetState(jobId, JobState.Succeeded);

        await using var second = await StartHostAsync(settings);
        using (var callback = await second.Http.PostAsJsonAsync($"{second.BaseUrl}{callbackPath}",
                   FakeGpuWorker.Status(jobId, JobState.Succeeded), WorkerJson.Options))
            Assert.Equal(HttpStatusCode.Accepted, callback.StatusCode);

        var status = await WaitForStatusAsync(second, statusPath);
        Assert.Equal("Completed", (string)status["runtimeStatus"]!);
        Assert.Single(_worker.Submissions); // replayed from durable history, not started over

        var person = JsonNode.Parse(await second.Http.GetStringAsync($"{second.BaseUrl}/api/persons/lh-train"))!;
        Assert.Equal(jobId, (string)person["model"]!["jobId"]!);
        Assert.Equal($"lh-train/{jobId}/epoch_1.pth", (string)person["model"]!["checkpoint"]!["name"]!);
        Assert.Contains(person["jobs"]!.AsArray(), j => (string)j!["name"]! == "TrainPerson" && (string)j["status"]! == "Completed");
        Assert.Equal(HttpStatusCode.BadRequest, (await second.Http.GetAsync($"{second.BaseUrl}/api/persons/..%2Fetc")).StatusCode);
    }

    [Fact]
    public async Task The_same_upload_seen_twice_starts_one_pipeline_and_an_unreadable_one_ends_rejected()
    {
        await using var host = await StartHostAsync();
        var videos = Blobs.GetBlobContainerClient(Containers.Videos);
        await videos.CreateIfNotExistsAsync();
        var content = BinaryData.FromString("this is not a video");
        await videos.GetBlobClient("lh-dup.mp4").UploadAsync(content, overwrite: true);

        JsonNode? failed = null;
        await PipelineTestHost.UntilAsync(() =>
        {
            var person = JsonNode.Parse(host.Http.GetStringAsync($"{host.BaseUrl}/api/persons/lh-dup").Result)!;
            failed = person["jobs"]!.AsArray().FirstOrDefault(j => (string)j!["status"]! == "Failed");
            return failed is not null;
        }, TimeSpan.FromSeconds(90), "the pipeline to fail");
        Assert.Contains("not a readable video", (string)failed!["failure"]!);

        // The same bytes again (a new blob version with the same MD5) and a few watcher rounds later: still one pipeline.
        await videos.GetBlobClient("lh-dup.mp4").UploadAsync(content, overwrite: true);
        await Task.Delay(TimeSpan.FromSeconds(4));
        var jobs = JsonNode.Parse(await host.Http.GetStringAsync($"{host.BaseUrl}/api/persons/lh-dup"))!["jobs"]!.AsArray();
        Assert.Single(jobs);
        Assert.True(await Blobs.GetBlobContainerClient(Containers.Rejected).GetBlobClient("lh-dup.mp4.report.json").ExistsAsync());
    }

    [Fact]
    public async Task A_video_put_over_http_is_streamed_into_videos_and_starts_its_pipeline_once()
    {
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Pipeline:MaxVideoUploadBytes"] = $"{8 * 1024 * 1024}" });
        // Not a video (the pipeline will reject it); 5 MB, so the upload takes two 4 MiB blocks.
        var bytes = Enumerable.Range(0, 5 * 1024 * 1024 + 17).Select(i => (byte)(i * 131 + (i >> 12))).ToArray();
        async Task<HttpResponseMessage> PutAsync(byte[] body, string fileName, string contentType = "video/mp4", string person = "lh-put")
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            return await host.Http.PutAsync($"{host.BaseUrl}/api/persons/{person}/video?fileName={Uri.EscapeDataString(fileName)}", content);
        }

        using var first = await PutAsync(bytes, "My Take 1.MP4");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var instanceId = (string)JsonNode.Parse(await first.Content.ReadAsStringAsync())!["id"]!;
        Assert.StartsWith("lh-put:video:", instanceId);
        var blob = Blobs.GetBlobContainerClient(Containers.Videos).GetBlobClient("lh-put/my-take-1.mp4");
        Assert.Equal(bytes, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(System.Security.Cryptography.MD5.HashData(bytes), properties.ContentHash);
        Assert.Equal("video/mp4", properties.ContentType);

        // The same file again: the same blob and content, so the same pipeline, and no second one.
        using (var again = await PutAsync(bytes, "My Take 1.MP4"))
            Assert.Equal(instanceId, (string)JsonNode.Parse(await again.Content.ReadAsStringAsync())!["id"]!);
        await PipelineTestHost.UntilAsync(() =>
        {
            var person = JsonNode.Parse(host.Http.GetStringAsync($"{host.BaseUrl}/api/persons/lh-put").Result)!;
            return person["jobs"]!.AsArray().Any(j => (string)j!["instanceId"]! == instanceId && (string)j["status"]! == "Failed");
        }, TimeSpan.FromSeconds(90), "the uploaded (non-)video's pipeline to end");
        var jobs = JsonNode.Parse(await host.Http.GetStringAsync($"{host.BaseUrl}/api/persons/lh-put"))!["jobs"]!.AsArray();
        Assert.Single(jobs);

        // Refused in one line, and nothing written: too large, no video extension, not a video type, empty.
        var tooLarge = new byte[8 * 1024 * 1024 + 1];
        foreach (var (body, name, type, says) in new[]
                 {
                     (tooLarge, "big.mp4", "video/mp4", "larger than 8 MB"),
                     (bytes, "notes.txt", "video/mp4", "fileName"),
                     (bytes, "clip.mp4", "text/html", "not a video"),
                     (Array.Empty<byte>(), "empty.mp4", "video/mp4", "empty"),
                 })
        {
            using var refused = await PutAsync(body, name, type, "lh-put-bad");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(says, await refused.Content.ReadAsStringAsync());
        }
        Assert.Empty(Blobs.GetBlobContainerClient(Containers.Videos).GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "lh-put-bad/", default));
    }

    [Fact]
    public async Task With_a_callback_secret_only_a_signed_current_callback_is_taken()
    {
        const string secret = "lh-callback-secret";
        await using var host = await StartHostAsync(new Dictionary<string, string?>
        {
            ["Pipeline:CallbackSecret"] = secret, ["LocalHost:FunctionKey"] = "some-key",
        });
        var body = JsonSerializer.SerializeToUtf8Bytes(FakeGpuWorker.Status("train-lh-none", JobState.Succeeded), WorkerJson.Options);
        async Task<(HttpStatusCode Code, string Text)> PostAsync(byte[] content, string? signature)
        {
            // No function key: the signature is what authenticates a callback.
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{host.BaseUrl}/api/callbacks/{Uri.EscapeDataString("lh-cb:train:x")}")
            {
                Content = new ByteArrayContent(content),
            };
            if (signature is not null) request.Content.Headers.Add(CallbackSignature.Header, signature);
            using var response = await host.Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var unsigned = await PostAsync(body, null);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.Code);
        Assert.Contains("no X-ATSync-Signature", unsigned.Text);
        var forged = await PostAsync(body, CallbackSignature.Create("not-the-secret", DateTimeOffset.UtcNow, body));
        Assert.Equal((HttpStatusCode.Unauthorized, true), (forged.Code, forged.Text.Contains("does not match")));
        var tampered = body.ToArray();
        tampered[^2] ^= 1;
        var altered = await PostAsync(tampered, CallbackSignature.Create(secret, DateTimeOffset.UtcNow, body));
        Assert.Equal(HttpStatusCode.Unauthorized, altered.Code);
        var replayed = await PostAsync(body, CallbackSignature.Create(secret, DateTimeOffset.UtcNow.AddMinutes(-10), body));
        Assert.Equal((HttpStatusCode.Unauthorized, true), (replayed.Code, replayed.Text.Contains("outside the accepted window")));
        // Signed and current: taken (404: no orchestration of that id is waiting, which a forged one never learns).
        var signed = await PostAsync(body, CallbackSignature.Create(secret, DateTimeOffset.UtcNow, body));
        Assert.Equal(HttpStatusCode.NotFound, signed.Code);
        // A body far beyond any job status is refused at the bound, before its signature is even checked.
        var huge = await PostAsync(new byte[300 * 1024], null);
        Assert.Equal((HttpStatusCode.BadRequest, true), (huge.Code, huge.Text.Contains("callback is larger than 256 KiB")));
    }

    [Fact]
    public async Task With_a_function_key_the_status_and_terminate_routes_need_it_too()
    {
        const string key = "lh-key-not-a-secret";
        await SeedDatasetAsync("lh-key");
        await using var host = await StartHostAsync(new Dictionary<string, string?>
        {
            ["LocalHost:FunctionKey"] = key, ["Pipeline:PollInterval"] = "01:00:00",
        });
        var train = $"{host.BaseUrl}/api/persons/lh-key/train";
        using (var noKey = await host.Http.PostAsJsonAsync(train, new { requestId = "k1" }))
            Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        // A person without a complete dataset cannot be trained: one clear line, nothing started.
        using (var noData = await host.Http.PostAsJsonAsync($"{host.BaseUrl}/api/persons/lh-nodata/train?code={key}", new { requestId = "k0" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noData.StatusCode);
            Assert.Contains("no complete dataset yet", await noData.Content.ReadAsStringAsync());
        }
        // A request body far beyond any real one is refused at its bound, not buffered whole.
        using (var huge = await host.Http.PostAsync($"{train}?code={key}",
                   new StringContent(new string(' ', 300 * 1024) + "{}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
            Assert.Contains("larger than 256 KiB", await huge.Content.ReadAsStringAsync());
        }
        using var started = await host.Http.PostAsJsonAsync($"{train}?code={key}", new { requestId = "k1" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var body = JsonNode.Parse(await started.Content.ReadAsStringAsync())!;
        var instanceId = (string)body["id"]!;
        var root = $"{host.BaseUrl}/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}";

        // Without the key: 401 on status and terminate (before the fix these answered anyone).
        using (var status = await host.Http.GetAsync(root)) Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        using (var status = await host.Http.GetAsync($"{root}?code=wrong")) Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        using (var terminate = await host.Http.PostAsync($"{root}/terminate?reason=x", null))
            Assert.Equal(HttpStatusCode.Unauthorized, terminate.StatusCode);

        // The OpenAPI document is served behind the same key, and is the embedded one.
        using (var noKey = await host.Http.GetAsync($"{host.BaseUrl}/api/openapi.json")) Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(ATSync.Pipeline.Api.PipelineOpenApi.Json, await host.Http.GetStringAsync($"{host.BaseUrl}/api/openapi.json?code={key}"));

        // The check-status URL carries the key and works as given; the header works too.
        using (var status = await host.Http.GetAsync((string)body["statusQueryGetUri"]!))
            Assert.True(status.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"status: {status.StatusCode}");
        using (var request = new HttpRequestMessage(HttpMethod.Get, root))
        {
            request.Headers.Add("x-functions-key", key);
            using var status = await host.Http.SendAsync(request);
            Assert.True(status.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"status with header: {status.StatusCode}");
        }
        var terminateUri = ((string)body["terminatePostUri"]!).Replace("{text}", "test");
        using (var terminate = await host.Http.PostAsync(terminateUri, null)) Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        var done = await WaitForStatusAsync(host, new Uri((string)body["statusQueryGetUri"]!).PathAndQuery);
        Assert.Equal("Terminated", (string)done["runtimeStatus"]!);
    }

    private static string CustomStatusOf(LocalHostProcess host, string statusPath) =>
        (string?)JsonNode.Parse(host.Http.GetStringAsync($"{host.BaseUrl}{statusPath}").Result)!["customStatus"] ?? "";

    private static async Task<JsonNode> WaitForStatusAsync(LocalHostProcess host, string statusPath)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await host.Http.GetAsync($"{host.BaseUrl}{statusPath}");
            if (response.StatusCode == HttpStatusCode.OK) return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{statusPath} still running");
            await Task.Delay(200);
        }
    }
}
