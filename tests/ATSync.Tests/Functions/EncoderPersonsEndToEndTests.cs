using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ATSync.Pipeline;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using ATSync.Tests.Support;
using ATSync.Tests.WorkerService;
using Azure.Storage.Blobs;

namespace ATSync.Tests.Functions;

/// <summary>
/// Persons whose features come from an audio encoder (HuBERT, WeNet) through the cloud path, nothing faked but the
/// encoders' weights (the stand-ins in ../shared/fixtures have the real signatures): the local host extracts the
/// dataset's features with the configured encoder, the real worker trains on them and renders new speech, computing
/// its features with the same encoder. Without the encoder settings both steps failed for such persons.
/// </summary>
[Collection(FunctionsAzuriteCollection.Name)]
public sealed class EncoderPersonsEndToEndTests
{
    [SkippableTheory]
    [InlineData("hubert", "hubert_like.onnx")]
    [InlineData("wenet", "wenet_like.onnx")]
    public async Task A_person_with_encoder_features_is_trained_and_renders_new_speech(string asr, string encoder)
    {
        var encoderPath = SharedAssets.Fixture(encoder);
        var person = $"enc-{asr}";
        using var scratch = new TempDirectory();
        var clip = scratch.File($"{person}.mp4");
        await ExternalTool.FfmpegAsync("-i", SharedAssets.Media("grid_lbax4n.mpg"), "-t", "1", "-vf", "fps=25", "-c:v", "libx264",
            "-preset", "veryfast", "-c:a", "aac", clip);
        var speech = scratch.File("speech.wav");
        Assert.Equal(0, (await ExternalTool.RunAsync("espeak-ng", ["-s", "220", "-w", speech, "lay blue"])).ExitCode);

        await using var storage = await AzuriteInstance.StartAsync();
        using var workerStorage = new WorkerTestStorage(storage, person);
        var encoderSetting = asr == "hubert" ? "HubertModelPath" : "WenetModelPath";
        await using var worker = await WorkerProcess.StartAsync(workerStorage, new Dictionary<string, string>
        {
            ["Containers"] = string.Join(',', Containers.Videos, Containers.Datasets, Containers.Models, Containers.Results),
            ["JobsContainer"] = $"{person}-jobs",
            ["Device"] = "cpu",
            [encoderSetting] = encoderPath,
        });
        await using var host = await LocalHostProcess.StartAsync(storage.ConnectionString, $"{asr}hub", worker.BaseAddress.ToString(), scratch.Path,
            new Dictionary<string, string?>
            {
                ["GpuWorker:ApiKey"] = WorkerProcess.ApiKey,
                ["Pipeline:Segments"] = "2",
                ["Pipeline:PollInterval"] = "00:00:03",
                ["Pipeline:Asr"] = asr,
                [$"Pipeline:{encoderSetting}"] = encoderPath,
                ["Pipeline:TrainParameters:epochs"] = "1",
            });
        var blobs = new BlobServiceClient(storage.ConnectionString);
        var videos = blobs.GetBlobContainerClient(Containers.Videos);
        await videos.CreateIfNotExistsAsync();
        await videos.GetBlobClient($"{person}.mp4").UploadAsync(clip, overwrite: true);

        var status = await LocalHostEndToEndTests.WaitForPersonAsync(host, worker, TimeSpan.FromMinutes(5), person);
        Assert.Equal(asr, (string)status["dataset"]!["features"]!);
        Assert.Equal(25, (int)status["dataset"]!["frameCount"]!);

        using var upload = new StreamContent(File.OpenRead(speech));
        upload.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        using var started = await host.Http.PostAsync($"{host.BaseUrl}/api/lipsync?personId={person}&fileName=speech.wav", upload);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var statusUri = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["statusQueryGetUri"]!;
        var done = await LocalHostEndToEndTests.WaitForInstanceAsync(host, worker, statusUri, TimeSpan.FromMinutes(3));
        Assert.True((string)done["runtimeStatus"]! == "Completed", $"{done}\n{worker.Log}");
        var output = JsonSerializer.Deserialize<LipsyncResult>((string)done["output"]!, PipelineJson.Options)!;
        var result = scratch.File("result.mp4");
        await blobs.GetBlobContainerClient(Containers.Results).GetBlobClient(output.Result.Name).DownloadToAsync(result);
        var probe = await ExternalTool.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type", "-of", "default=nw=1", result]);
        Assert.Contains("codec_type=video", probe.StdOut);
        Assert.Contains("codec_type=audio", probe.StdOut);
        // The report says which features the render computed.
        var report = (await blobs.GetBlobContainerClient(Containers.Results).GetBlobClient(output.Report.Name).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains(asr, report, StringComparison.OrdinalIgnoreCase);
    }
}
