using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.Json;
using ATSync.Pipeline;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Starting;
using ATSync.Worker.Client;
using ATSync.Pipeline.Storage;
using ATSync.Tests.Support;
using ATSync.Tests.WorkerService;
using Azure.Storage.Blobs;

namespace ATSync.Tests.Functions;

/// <summary>
/// End to end with nothing faked: the local host (Durable Task over Azurite), the real GPU worker process (`atsync
/// serve`, CPU), real Azurite, ffmpeg and espeak-ng. A real clip dropped into videos/ (twice) becomes one pipeline, a
/// dataset and a 1-epoch model (the worker killed mid-training, both processes restarted); POST /api/lipsync with new speech renders results/{job}/result.mp4 and its report.
/// </summary>
[Collection(FunctionsAzuriteCollection.Name)]
public sealed class LocalHostEndToEndTests
{
    private const string CallbackSecret = "e2e-callback-secret-not-a-real-one";

    [SkippableFact]
    public async Task A_video_upload_becomes_a_model_and_new_speech_becomes_a_lip_synced_video()
    {
        using var scratch = new TempDirectory();
        var clip = scratch.File("e2e.mp4");
        await ExternalTool.FfmpegAsync("-i", SharedAssets.Media("grid_bbaf2n.mpg"), "-t", "1", "-vf", "fps=25", "-c:v", "libx264",
            "-preset", "veryfast", "-c:a", "aac", clip);
        var speech = scratch.File("speech.wav");
        Assert.Equal(0, (await ExternalTool.RunAsync("espeak-ng", ["-s", "220", "-w", speech, "place blue"])).ExitCode);

        // Its own Azurite: the host watches the fixed `videos` container, and clips other tests left there would start
        // pipelines of their own on this host and its one worker.
        await using var storage = await AzuriteInstance.StartAsync();
        using var workerStorage = new WorkerTestStorage(storage, "e2e");
        var workerSettings = new Dictionary<string, string>
        {
            ["Containers"] = string.Join(',', Containers.Videos, Containers.Datasets, Containers.Models, Containers.Results),
            ["JobsContainer"] = "e2e-worker-jobs",
            ["Device"] = "cpu",
            ["CallbackSecret"] = CallbackSecret,
        };
        var hostSettings = new Dictionary<string, string?>
        {
            ["GpuWorker:ApiKey"] = WorkerProcess.ApiKey,
            ["Pipeline:CallbackSecret"] = CallbackSecret,
            ["Pipeline:Segments"] = "2",
            ["Pipeline:PollInterval"] = "00:00:05",
            ["Pipeline:TrainParameters:epochs"] = "1",
            ["Pipeline:TrainParameters:holdout_tail"] = "0.2",
            // The restart below can catch the host holding a poll's message; with the default 5 minutes the pipeline
            // then waits out this test's deadline (seen once in a full run on the 2-core machine).
            ["LocalHost:QueueVisibilityTimeout"] = "00:00:45",
        };
        var worker = await WorkerProcess.StartAsync(workerStorage, workerSettings);
        LocalHostProcess? host = null;
        try
        {
            host = await LocalHostProcess.StartAsync(storage.ConnectionString, "e2ehub", worker.BaseAddress.ToString(), scratch.Path, hostSettings);
            var blobs = new BlobServiceClient(storage.ConnectionString);
            var videos = blobs.GetBlobContainerClient(Containers.Videos);
            await videos.CreateIfNotExistsAsync();
            await videos.GetBlobClient("e2e.mp4").UploadAsync(clip, overwrite: true);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await videos.GetBlobClient("e2e.mp4").UploadAsync(clip, overwrite: true); // the same upload again

            // Mid-training, the worker dies (SIGKILL) and the local host goes down too; both come back (the worker on
            // another port, so the host restarts with its new address) and the pipeline carries on.
            var upload = await PipelineStarter.DescribeUploadAsync(videos.GetBlobClient("e2e.mp4"));
            var trainJob = PipelineIds.JobIdFor(PipelineIds.ForVideo(upload), "train");
            await PipelineTestHost.UntilAsync(() => worker.Client.GetAsync(trainJob).Result is { State: JobState.Running, Stage: "train" },
                TimeSpan.FromMinutes(3), "the training to start");
            worker.Kill();
            await host.DisposeAsync();
            host = null;
            await worker.DisposeAsync();
            worker = await WorkerProcess.StartAsync(workerStorage, workerSettings);
            host = await LocalHostProcess.StartAsync(storage.ConnectionString, "e2ehub", worker.BaseAddress.ToString(), scratch.Path, hostSettings);

            await CheckModelThenLipSyncAsync(host, worker, blobs, speech, scratch, trainJob);
        }
        finally
        {
            if (host is not null) await host.DisposeAsync();
            await worker.DisposeAsync();
        }
    }

    /// <summary>One pipeline made the dataset and model (the killed training ran again); new speech renders with it.</summary>
    private static async Task CheckModelThenLipSyncAsync(LocalHostProcess host, WorkerProcess worker, BlobServiceClient blobs, string speech,
        TempDirectory scratch, string trainJob)
    {
        var person = await WaitForPersonAsync(host, worker, TimeSpan.FromMinutes(4));
        var pipelines = person["jobs"]!.AsArray().Where(j => (string)j!["name"]! == "PersonPipeline").ToList();
        Assert.Single(pipelines);
        Assert.Equal(25, (int)person["dataset"]!["frameCount"]!);
        Assert.EndsWith(".pth", (string)person["model"]!["checkpoint"]!["name"]!);
        Assert.True((await worker.Client.GetAsync(trainJob))!.Attempt >= 2, "the killed training was not run again");

        // The worker scored the model on its held-out tail (holdout_tail 0.2: the last 5 of 25 frames); the person's
        // status links the report and the contact sheet, which download without credentials.
        var eval = person["eval"] ?? throw new Xunit.Sdk.XunitException($"no eval links: {person}\n{worker.Log}");
        using (var noCredentials = new HttpClient())
        {
            var evalReport = JsonNode.Parse(await noCredentials.GetStringAsync((string)eval["report"]!["url"]!))!;
            Assert.Equal((20, 5), ((int)evalReport["held_out_first"]!, (int)evalReport["held_out_count"]!));
            var sheet = await noCredentials.GetByteArrayAsync((string)eval["contactSheet"]!["url"]!);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, sheet[..4]);
            using var image = OpenCvSharp.Cv2.ImDecode(sheet, OpenCvSharp.ImreadModes.Color);
            Assert.True(image.Width >= 3 * 64 && image.Height >= 64, $"contact sheet is {image.Width}x{image.Height}");
        }

        using var upload = new StreamContent(File.OpenRead(speech));
        upload.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        using var started = await host.Http.PostAsync($"{host.BaseUrl}/api/lipsync?personId=e2e&fileName=speech.wav", upload);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var startedBody = JsonNode.Parse(await started.Content.ReadAsStringAsync())!;
        var statusUri = (string)startedBody["statusQueryGetUri"]!;
        var status = await WaitForInstanceAsync(host, worker, statusUri, TimeSpan.FromMinutes(3));
        Assert.True((string)status["runtimeStatus"]! == "Completed", $"{status}\n{worker.Log}");
        var output = JsonSerializer.Deserialize<LipsyncResult>((string)status["output"]!, PipelineJson.Options)!;
        Assert.Equal((string)person["model"]!["jobId"]!, output.ModelJobId);
        // The worker signed the lip-sync job's callback and the host, which requires the signature, took it (a refused
        // one would only show here: the poll would still end the wait).
        Assert.Contains($"job {output.JobId}: callback delivered to", worker.Log);
        Assert.DoesNotContain("refused: 401", worker.Log);
        var result = blobs.GetBlobContainerClient(Containers.Results).GetBlobClient(output.Result.Name);
        var report = blobs.GetBlobContainerClient(Containers.Results).GetBlobClient(output.Report.Name);
        Assert.Matches("^lipsync-e2e-[0-9a-f]+/result.mp4$", result.Name);
        Assert.True(await report.ExistsAsync(), "the report is missing beside the result");

        var local = scratch.File("result.mp4");
        await result.DownloadToAsync(local);
        var probe = await ExternalTool.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type", "-show_entries",
            "format=duration", "-of", "default=nw=1", local]);
        Assert.Contains("codec_type=video", probe.StdOut);
        Assert.Contains("codec_type=audio", probe.StdOut);
        var duration = double.Parse(probe.StdOut.Split('\n').First(l => l.StartsWith("duration=", StringComparison.Ordinal))[9..],
            CultureInfo.InvariantCulture);
        var speechSeconds = new FileInfo(speech).Length / 2.0 / 22050; // espeak-ng: 22,050 Hz 16-bit mono
        Assert.InRange(duration, speechSeconds - 0.3, speechSeconds + 0.5);

        // A client without storage credentials downloads the same bytes through the lip-sync's read link.
        using var linked = await host.Http.GetAsync($"{host.BaseUrl}/api/lipsync/{Uri.EscapeDataString((string)startedBody["id"]!)}");
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var links = JsonNode.Parse(await linked.Content.ReadAsStringAsync())!;
        Assert.Equal("Completed", (string)links["status"]!);
        using var anonymous = new HttpClient();
        Assert.Equal(await File.ReadAllBytesAsync(local), await anonymous.GetByteArrayAsync((string)links["result"]!["url"]!));
        Assert.Equal((await report.DownloadContentAsync()).Value.Content.ToArray(), await anonymous.GetByteArrayAsync((string)links["report"]!["url"]!));
    }

    /// <summary>The person's PersonPipeline once Completed (fails the test if it ends otherwise or runs past the timeout).</summary>
    internal static async Task<JsonNode> WaitForPersonAsync(LocalHostProcess host, WorkerProcess worker, TimeSpan timeout, string personId = "e2e")
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var person = JsonNode.Parse(await host.Http.GetStringAsync($"{host.BaseUrl}/api/persons/{personId}"))!;
            var pipeline = person["jobs"]!.AsArray().FirstOrDefault(j => (string)j!["name"]! == "PersonPipeline");
            var state = (string?)pipeline?["status"];
            if (state == "Completed") return person;
            if (state is "Failed" or "Terminated") Assert.Fail($"the pipeline ended {state}: {pipeline}\n{worker.Log}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"the pipeline is still {state ?? "not started"}: {person}\n{worker.Log}");
            await Task.Delay(1000);
        }
    }

    /// <summary>The status body of a check-status URL once the instance ended.</summary>
    internal static async Task<JsonNode> WaitForInstanceAsync(LocalHostProcess host, WorkerProcess worker, string statusUri, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await host.Http.GetAsync(statusUri);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (response.StatusCode == HttpStatusCode.OK) return body;
            if (DateTime.UtcNow > deadline) Assert.Fail($"still running: {body}\n{worker.Log}");
            await Task.Delay(1000);
        }
    }
}
