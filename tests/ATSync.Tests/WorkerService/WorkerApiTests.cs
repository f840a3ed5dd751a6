using System.Net;
using System.Net.Http.Json;
using System.Text;
using ATSync.Tests.Support;
using ATSync.Worker.Client;
using Xunit.Abstractions;

namespace ATSync.Tests.WorkerService;

/// <summary>
/// The worker's API contract over loopback HTTP: the key is required, bad specs and foreign blob URIs are refused with
/// a 400 that says what is wrong, an id is one job, and DELETE stops a running training promptly.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class WorkerApiTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    private static HttpRequestMessage Post(string json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add(GpuWorkerClient.ApiKeyHeader, key);
        return request;
    }

    private static async Task<string> ExpectAsync(WorkerProcess worker, HttpStatusCode expected, string json, string? key = WorkerProcess.ApiKey)
    {
        using var response = await worker.Http.SendAsync(Post(json, key));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {body}");
        return body;
    }

    [SkippableFact]
    public async Task RefusesMissingKeysBadSpecsAndForeignBlobs()
    {
        using var storage = new WorkerTestStorage(fixture.Azurite, "wapi");
        await using var worker = await WorkerProcess.StartAsync(storage);
        var dataset = storage.Uri(storage.Datasets, "bob/");
        var model = storage.Uri(storage.Models, "bob/m1/");
        string Train(string id, string datasetUri, string parameters = "{}") =>
            $$"""{"id":"{{id}}","kind":"train","inputs":{"dataset":"{{datasetUri}}"},"outputs":{"model":"{{model}}"},"parameters":{{parameters}}}""";

        // No key, a wrong key: 401, and nothing is stored.
        var noKey = await ExpectAsync(worker, HttpStatusCode.Unauthorized, Train("k1", dataset), key: null);
        Assert.Contains("missing x-api-key", noKey);
        await ExpectAsync(worker, HttpStatusCode.Unauthorized, Train("k1", dataset), key: "wrong");
        using (var get = await worker.Http.GetAsync("v1/jobs/k1")) Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Null(await worker.Client.GetAsync("k1"));

        // Malformed specs: 400 naming the problem.
        Assert.Contains("not a readable job", await ExpectAsync(worker, HttpStatusCode.BadRequest, "{ not json"));
        Assert.Contains("train or infer", await ExpectAsync(worker, HttpStatusCode.BadRequest, """{"id":"b1","kind":"bake","inputs":{},"outputs":{}}"""));
        Assert.Contains("'dataset' is missing", await ExpectAsync(worker, HttpStatusCode.BadRequest, """{"id":"b2","kind":"train","inputs":{},"outputs":{}}"""));
        Assert.Contains("parameter 'epochs'", await ExpectAsync(worker, HttpStatusCode.BadRequest, Train("b3", dataset, """{"epochs":"many"}""")));
        Assert.Contains("parameter 'speed' is not one a train job takes", await ExpectAsync(worker, HttpStatusCode.BadRequest, Train("b4", dataset, """{"speed":"9"}""")));
        Assert.Contains("not a job id", await ExpectAsync(worker, HttpStatusCode.BadRequest, Train("../etc", dataset)));
        Assert.Contains("a folder URI ending in '/'", await ExpectAsync(worker, HttpStatusCode.BadRequest, Train("b5", storage.Uri(storage.Datasets, "bob"))));

        // Foreign blobs: another account, a container the worker may not use, a SAS-signed URL.
        Assert.Contains("outside this worker's storage account",
            await ExpectAsync(worker, HttpStatusCode.BadRequest, Train("f1", "https://someoneelse.blob.core.windows.net/datasets/bob/")));
        Assert.Contains("which this worker may not use",
            await ExpectAsync(worker, HttpStatusCode.BadRequest, Train("f2", storage.Uri("secrets", "bob/"))));
        Assert.Contains("which this worker may not use",
            await ExpectAsync(worker, HttpStatusCode.BadRequest, Train("f3", storage.Uri(storage.JobsContainer, "bob/"))));
        Assert.Contains("carries a query",
            await ExpectAsync(worker, HttpStatusCode.BadRequest, Train("f4", dataset + "?sv=2024&sig=abc")));
        // A callback to a host not in Worker__CallbackHosts (loopback is allowed by default): refused at submission.
        var metadataCallback = $$"""{"id":"c1","kind":"train","inputs":{"dataset":"{{dataset}}"},"outputs":{"model":"{{model}}"},"callbackUrl":"http://169.254.169.254/latest/meta-data"}""";
        Assert.Contains("callback host '169.254.169.254' is not allowed", await ExpectAsync(worker, HttpStatusCode.BadRequest, metadataCallback));
        foreach (var id in new[] { "b1", "b2", "b3", "f1", "f2", "c1" }) Assert.Null(await worker.Client.GetAsync(id));

        // One id, one job: the same spec again is the same job; a different spec under that id is a conflict.
        var spec = new JobSpec("dup-1", JobKind.Train, new Dictionary<string, string> { [JobRoles.Dataset] = dataset },
            new Dictionary<string, string> { [JobRoles.Model] = model }, new Dictionary<string, string> { ["epochs"] = "1" });
        var accepted = await worker.Client.SubmitAsync(spec);
        var same = await worker.Client.SubmitAsync(spec with { Parameters = new Dictionary<string, string> { ["epochs"] = "1" } });
        Assert.Equal(accepted.Timings.SubmittedAt, same.Timings.SubmittedAt);
        var conflict = await Assert.ThrowsAsync<WorkerApiException>(() => worker.Client.SubmitAsync(spec with { Parameters = new Dictionary<string, string> { ["epochs"] = "2" } }));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Contains("different spec", conflict.Message);

        // Its dataset does not exist: it fails once, with a message that says so.
        var failed = await worker.WaitForFinalAsync(spec.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Equal(1, failed.Attempt);
        Assert.Contains("is empty or does not exist", failed.Error);
        Assert.Null(failed.Results);

        using var openApi = await worker.Http.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Contains("/v1/jobs/{id}", await openApi.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task GetAndDeleteRefuseMalformedIdsAsSubmitDoes()
    {
        using var storage = new WorkerTestStorage(fixture.Azurite, "wids");
        await using var worker = await WorkerProcess.StartAsync(storage);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        foreach (var path in new[] { "v1/jobs/-starts-with-dash", "v1/jobs/a%0Ab", "v1/jobs/a%20b", "v1/jobs/..%5Cworker-jobs" })
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add(GpuWorkerClient.ApiKeyHeader, WorkerProcess.ApiKey);
            using var response = await worker.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {response.StatusCode} {body}");
            Assert.Contains("not a job id", body);
        }
        // A well-formed unknown id is still a 404.
        using var unknown = new HttpRequestMessage(HttpMethod.Get, "v1/jobs/no-such-job");
        unknown.Headers.Add(GpuWorkerClient.ApiKeyHeader, WorkerProcess.ApiKey);
        using (var response = await worker.Http.SendAsync(unknown)) Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [SkippableFact]
    public async Task ARunningTrainingReportsItsEpochHeldOutScoreAndExpectedEnd()
    {
        var (_, datasetFolder) = await WorkerTestMedia.GetAsync();
        using var storage = new WorkerTestStorage(fixture.Azurite, "wprogress");
        var dataset = await storage.UploadFolderAsync(storage.Datasets, "cara", datasetFolder);
        await using var worker = await WorkerProcess.StartAsync(storage);
        using var showLog = new LogOnDispose(output, () => worker.Log);
        var spec = new JobSpec("progress-1", JobKind.Train, new Dictionary<string, string> { [JobRoles.Dataset] = dataset },
            new Dictionary<string, string> { [JobRoles.Model] = storage.Uri(storage.Models, "cara/progress-1/") },
            new Dictionary<string, string> { ["epochs"] = "4", ["asr"] = "mel", ["holdout_tail"] = "0.2" });
        var submitted = DateTimeOffset.UtcNow;
        await worker.Client.SubmitAsync(spec);

        // Every status seen while it runs: the epoch counts up, a held-out score appears once an epoch is validated.
        var seen = new List<TrainingState>();
        var deadline = DateTime.UtcNow.AddMinutes(4);
        JobStatus status;
        while (!(status = (await worker.Client.GetAsync(spec.Id))!).State.IsFinal())
        {
            Assert.True(DateTime.UtcNow < deadline, $"training did not finish\n{worker.Log}");
            if (status.State == JobState.Running && status.Training is { } training) seen.Add(training);
            await Task.Delay(100);
        }
        Assert.Equal(JobState.Succeeded, status.State);
        Assert.NotEmpty(seen);
        Assert.All(seen, t => Assert.Equal(4, t.Epochs));
        Assert.All(seen, t => Assert.InRange(t.Epoch, 1, 4));
        Assert.True(seen.Select(t => t.Epoch).Zip(seen.Skip(1).Select(t => t.Epoch)).All(p => p.First <= p.Second), "the epoch went backwards");
        Assert.All(seen, t => Assert.True(t.EstimatedEnd > submitted, $"expected end {t.EstimatedEnd:O} before the submission"));
        // The finished job keeps the last figures: the last epoch, validated, with a plausible PSNR and SSIM.
        var last = status.Training!;
        Assert.Equal((4, 4), (last.Epoch, last.Epochs));
        Assert.InRange(last.HeldOutPsnr!.Value, 5, 60);
        Assert.InRange(last.HeldOutSsim!.Value, 0, 1);
    }

    [SkippableFact]
    public async Task DeleteStopsARunningTrainingPromptly()
    {
        var (_, datasetFolder) = await WorkerTestMedia.GetAsync();
        using var storage = new WorkerTestStorage(fixture.Azurite, "wcancel");
        var dataset = await storage.UploadFolderAsync(storage.Datasets, "cara", datasetFolder);
        using var callbacks = new CallbackReceiver();
        await using var worker = await WorkerProcess.StartAsync(storage);
        using var showLog = new LogOnDispose(output, () => worker.Log);
        var spec = new JobSpec("cancel-1", JobKind.Train, new Dictionary<string, string> { [JobRoles.Dataset] = dataset },
            new Dictionary<string, string> { [JobRoles.Model] = storage.Uri(storage.Models, "cara/cancel-1/") },
            new Dictionary<string, string> { ["epochs"] = "500", ["asr"] = "mel" }, callbacks.Url);
        await worker.Client.SubmitAsync(spec);

        var deadline = DateTime.UtcNow.AddMinutes(2);
        // Past the download: the engine has the job (loading frames, building the model, or training).
        while ((await worker.Client.GetAsync(spec.Id))!.Stage is not ("load" or "train"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"training did not start\n{worker.Log}");
            await Task.Delay(200);
        }
        var cancelling = await worker.Client.CancelAsync(spec.Id);
        Assert.NotNull(cancelling);
        var cancelled = await worker.WaitForFinalAsync(spec.Id, TimeSpan.FromSeconds(60));
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.DoesNotContain((await storage.ListAsync(storage.Models, "cara/cancel-1/")), n => n.EndsWith("model_card.json"));
        Assert.Equal(JobState.Cancelled, (await callbacks.WaitForAsync(spec.Id, TimeSpan.FromSeconds(30))).State);

        // Cancelling a finished job changes nothing; an unknown id is 404 (null).
        Assert.Equal(JobState.Cancelled, (await worker.Client.CancelAsync(spec.Id))!.State);
        Assert.Null(await worker.Client.CancelAsync("no-such-job"));
    }
}
