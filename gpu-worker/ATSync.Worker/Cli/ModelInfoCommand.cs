using System.CommandLine;
using System.Diagnostics;
using ATSync.Core.Audio;
using ATSync.Core.Model;
using ATSync.Core.Training;
using static TorchSharp.torch;

namespace ATSync.Worker.Cli;

/// <summary>`atsync model-info`: parameters and multiply-adds of a checkpoint or a fresh model, optionally its CPU speed.</summary>
internal static class ModelInfoCommand
{
    public static Command Create()
    {
        var modelPath = new Option<string>("--model_path") { Description = "A lip-sync checkpoint (.pth); its audio mode is read from its keys." };
        var asr = new Option<string>("--asr") { Description = "Audio mode of a fresh model when no --model_path: hubert, wenet or mel." };
        var benchmark = new Option<int>("--benchmark") { Description = "Also time eval-mode inference and training steps (Adam, L1 + SSIM) at this batch size (0 = off)." };
        var threads = new Option<int>("--threads") { Description = "Torch CPU threads for --benchmark.", DefaultValueFactory = _ => 2 };
        var precision = new Option<string>("--precision")
        {
            Description = "Training step arithmetic for --benchmark: auto, fp32 or bf16 (as `atsync train --precision`).",
            DefaultValueFactory = _ => "auto",
        }.AcceptOnlyFromAmong("auto", "fp32", "bf16");
        var profile = new Option<string>("--profile")
        {
            Description = "Without --model_path: the fresh network's profile, cpu or reference.",
            DefaultValueFactory = _ => "reference",
        }.AcceptOnlyFromAmong("cpu", "reference");
        var command = new Command("model-info", "Print a lip-sync model's parameter count and multiply-adds per frame at 160x160.")
        {
            modelPath, asr, benchmark, threads, precision, profile,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(modelPath);
            var asrName = parse.GetValue(asr);
            LipSyncNet model;
            try
            {
                model = !string.IsNullOrEmpty(path)
                    ? LipSyncCheckpoint.Load(path, ParseAsr(asrName))
                    : new LipSyncNet(ParseAsr(asrName) ?? throw new ArgumentException("give --model_path or --asr hubert|wenet|mel"),
                        ModelProfileChoice.Parse(parse.GetValue(profile)) ?? ModelProfile.Reference);
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"atsync model-info: {e.Message}");
                return 1;
            }

            using (model)
            {
                var complexity = ModelComplexity.Measure(model);
                Console.WriteLine($"model:          {(string.IsNullOrEmpty(path) ? "(fresh)" : path)}");
                Console.WriteLine($"asr:            {model.Audio.ToString().ToLowerInvariant()}");
                Console.WriteLine($"profile:        {ModelProfileChoice.Name(model.Profile)}");
                Console.WriteLine($"audio window:   [{string.Join(", ", model.AudioWindowShape)}]");
                Console.WriteLine($"parameters:     {complexity.Parameters:N0} ({complexity.Parameters / 1e6:F2} M)");
                Console.WriteLine($"multiply-adds:  {complexity.MultiplyAdds:N0} ({complexity.MultiplyAdds / 1e9:F2} G per frame at 160x160)");
                var batch = parse.GetValue(benchmark);
                if (batch > 0)
                {
                    Benchmark(model, batch, parse.GetValue(threads));
                    BenchmarkTraining(model, batch, TrainingPrecisionChoice.Resolve(parse.GetValue(precision)));
                }
            }
            return 0;
        });
        return command;
    }

    private static AudioFeatureKind? ParseAsr(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" => null,
        "hubert" => AudioFeatureKind.Hubert,
        "wenet" => AudioFeatureKind.Wenet,
        "mel" => AudioFeatureKind.Mel,
        _ => throw new ArgumentException($"unknown --asr '{name}': use hubert, wenet or mel"),
    };

    private static void Benchmark(LipSyncNet model, int batch, int threadCount)
    {
        set_num_threads(threadCount);
        model.eval();
        using var noGrad = no_grad();
        using var face = rand(batch, LipSyncNet.InputChannels, LipSyncNet.ImageSize, LipSyncNet.ImageSize);
        using var audio = randn([batch, .. model.AudioWindowShape]);
        using (model.call(face, audio)) { } // warm-up: first call allocates and picks kernels
        const int runs = 5;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
            using (model.call(face, audio)) { }
        var perSample = watch.Elapsed.TotalMilliseconds / (runs * batch);
        Console.WriteLine($"inference:      {perSample:F1} ms/sample (batch {batch}, {threadCount} threads, eval, {runs} runs)");
    }

    /// <summary>The trainer's step (Adam, L1 + SSIM, in the chosen precision) on one random batch.</summary>
    private static void BenchmarkTraining(LipSyncNet model, int batch, TrainingPrecision precision)
    {
        using var step = new TrainingStepBenchmark(model, batch, precision);
        step.Run(); // warm-up: first step allocates and picks kernels
        const int steps = 3;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) step.Run();
        var samplesPerSecond = steps * batch / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"training:       {samplesPerSecond:F2} samples/s ({1000 / samplesPerSecond:F0} ms/sample, batch {batch}, {steps} steps, {precision.ToString().ToLowerInvariant()})");
    }
}
