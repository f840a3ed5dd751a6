using System.CommandLine;
using System.Globalization;
using ATSync.Core.Audio;
using ATSync.Core.Inference;

namespace ATSync.Worker.Cli;

/// <summary>`atsync infer`: a person's video + new speech + their model -> a lip-synced mp4 and a report beside it.</summary>
internal static class InferCommand
{
    public static Command Create()
    {
        var video = new Option<string>("--input_video") { Description = "The person's video (the one the model was trained on, or another of them).", Required = true };
        var audio = new Option<string>("--input_audio") { Description = "The speech to lip-sync (any audio or video file with sound).", Required = true };
        var model = new Option<string>("--model_path") { Description = "A checkpoint (.pth, model_card.json beside it is read) or an exported .onnx model.", Required = true };
        var output = new Option<string>("--output_path") { Description = "The .mp4 to write (H.264 + AAC, 25 fps); a report goes beside it.", Required = true };
        var batch = new Option<int>("--batch_size") { Description = "Frames per network call.", DefaultValueFactory = _ => 32 };
        var asr = new Option<AudioFeatureKind?>("--asr") { Description = "mel, hubert or wenet (default: the model card's, else detected from the checkpoint)." };
        var engine = new Option<InferenceEngine?>("--engine") { Description = "torch (TorchSharp) or onnx (ONNX Runtime); default: torch for a .pth, onnx for an .onnx model." };
        var hubert = new Option<string?>("--hubert_model") { Description = "HuBERT feature ONNX model (needed with --asr hubert)." };
        var wenet = new Option<string?>("--wenet_model") { Description = "WeNet encoder ONNX model (needed with --asr wenet)." };
        var command = new Command("infer", "Render a lip-synced video of the person speaking the given audio.")
        {
            video, audio, model, output, batch, asr, engine, hubert, wenet,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync("infer", async () =>
        {
            var options = new LipSyncRenderOptions
            {
                InputVideo = parse.GetValue(video)!,
                InputAudio = parse.GetValue(audio)!,
                ModelPath = parse.GetValue(model)!,
                OutputPath = parse.GetValue(output)!,
                BatchSize = parse.GetValue(batch),
                Asr = parse.GetValue(asr),
                Engine = parse.GetValue(engine),
                HubertModelPath = parse.GetValue(hubert),
                WenetModelPath = parse.GetValue(wenet),
            };
            var report = await ConsoleProgress.RunAsync(progress => LipSyncRenderer.RunAsync(options, progress, cancellationToken));
            var sync = report.SyncProxy is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
            Console.WriteLine($"video: {report.Output} ({report.Frames} frames, {report.SilentFrames} silent, " +
                              $"{report.Engine} {report.RenderFps.ToString("0.0", CultureInfo.InvariantCulture)} frames/s, sync proxy {sync}); " +
                              $"report: {options.ReportPath}");
            return 0;
        }));
        return command;
    }
}
