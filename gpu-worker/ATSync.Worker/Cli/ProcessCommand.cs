using System.CommandLine;
using ATSync.Core.Audio;
using ATSync.Core.Datasets;

namespace ATSync.Worker.Cli;

/// <summary>`atsync process VIDEO`: a person's video -> a training dataset (frames, landmarks, audio features).</summary>
internal static class ProcessCommand
{
    public static Command Create()
    {
        var video = new Argument<string>("VIDEO") { Description = "The person's video (any format ffmpeg reads)." };
        var asr = new Option<AudioFeatureKind>("--asr")
        {
            Description = "Audio features: mel (built in), hubert or wenet (ONNX model file needed).",
            DefaultValueFactory = _ => AudioFeatureKind.Mel,
        };
        var output = new Option<string?>("--out") { Description = "Dataset folder (default: the video's folder, as in the specification)." };
        var hubert = new Option<string?>("--hubert_model") { Description = "HuBERT ONNX model (for --asr hubert)." };
        var wenet = new Option<string?>("--wenet_model") { Description = "WeNet encoder ONNX model (for --asr wenet)." };
        var detector = new Option<string>("--face_detector")
        {
            Description = "haar (OpenCV cascade, no download) or a YuNet .onnx file.",
            DefaultValueFactory = _ => "haar",
        };
        var landmarks = new Option<string>("--landmarks")
        {
            Description = "dlib68 (dlib's 68-point predictor, no download) or a 68-point .onnx landmark model.",
            DefaultValueFactory = _ => "dlib68",
        };
        var command = new Command("process", "Turn a person's video into a training dataset (25 fps frames, landmarks, 16 kHz audio, features).")
        {
            video, asr, output, hubert, wenet, detector, landmarks,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync("process", async () =>
        {
            var videoPath = parse.GetValue(video)!;
            if (!File.Exists(videoPath)) throw new FileNotFoundException($"{videoPath}: no such file");
            var options = new DatasetBuildOptions
            {
                Asr = parse.GetValue(asr),
                HubertModelPath = parse.GetValue(hubert),
                WenetModelPath = parse.GetValue(wenet),
                FaceDetector = parse.GetValue(detector)!,
                Landmarks = parse.GetValue(landmarks)!,
            };
            var outputDirectory = parse.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(videoPath))!;
            var builder = new DatasetBuilder(options);
            var manifest = await ConsoleProgress.RunAsync(progress => builder.BuildAsync(videoPath, outputDirectory, progress, cancellationToken));
            Console.WriteLine($"dataset: {Path.GetFullPath(outputDirectory)} ({manifest.FrameCount} frames, " +
                              $"{manifest.Features.Kind.ToString().ToLowerInvariant()} features [{string.Join(", ", manifest.Features.Shape)}], " +
                              $"face coverage {manifest.Faces.Coverage:P1}, {manifest.StageSeconds["total"]:F1} s)");
            return 0;
        }));
        return command;
    }
}
