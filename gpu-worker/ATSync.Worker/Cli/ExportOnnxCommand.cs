using System.CommandLine;
using System.Diagnostics;
using ATSync.Core.Export;
using ATSync.Core.Model;
using static TorchSharp.torch;

namespace ATSync.Worker.Cli;

/// <summary>
/// `atsync export-onnx`: writes a lip-sync checkpoint as an ONNX model (our own encoder, opset 17, dynamic batch),
/// checks it against TorchSharp in ONNX Runtime and optionally times both.
/// </summary>
internal static class ExportOnnxCommand
{
    private const double VerifyTolerance = 1e-4;

    public static Command Create()
    {
        var modelPath = new Option<string>("--model_path") { Description = "The lip-sync checkpoint (.pth); its audio mode is read from its keys.", Required = true };
        var output = new Option<string>("--output") { Description = "The ONNX file to write.", Required = true };
        var verify = new Option<bool>("--verify") { Description = "Run one random sample through ONNX Runtime and TorchSharp and compare.", DefaultValueFactory = _ => true };
        var benchmark = new Option<int>("--benchmark") { Description = "Also time ONNX Runtime and TorchSharp at this batch size (0 = off)." };
        var threads = new Option<int>("--threads") { Description = "CPU threads for --benchmark (ORT intra-op and torch).", DefaultValueFactory = _ => 2 };
        var command = new Command("export-onnx", "Export a lip-sync checkpoint to ONNX (inputs face, audio; output output).")
        {
            modelPath, output, verify, benchmark, threads,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var path = parse.GetValue(modelPath)!;
            var onnxPath = parse.GetValue(output)!;
            LipSyncNet model;
            try
            {
                model = LipSyncCheckpoint.Load(path);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"atsync export-onnx: {e.Message}");
                return Task.FromResult(1);
            }

            using (model)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    LipSyncOnnxExporter.Export(model, onnxPath, cancellationToken);
                }
                catch (Exception e) when (e is NotSupportedException or IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"atsync export-onnx: {e.Message}");
                    return Task.FromResult(1);
                }
                Console.WriteLine($"wrote {onnxPath} ({new FileInfo(onnxPath).Length / 1e6:F1} MB, {model.Audio.ToString().ToLowerInvariant()} audio, " +
                                  $"window [{string.Join(", ", model.AudioWindowShape)}]) in {watch.Elapsed.TotalSeconds:F1} s");
                var onnx = File.ReadAllBytes(onnxPath);
                if (parse.GetValue(verify))
                {
                    var diff = Verify(model, onnx);
                    Console.WriteLine($"verify:   max abs diff ONNX Runtime vs TorchSharp = {diff:E2} (batch 2, random input)");
                    if (!(diff <= VerifyTolerance))
                    {
                        Console.Error.WriteLine($"atsync export-onnx: {onnxPath} differs from the checkpoint by {diff:E2} (> {VerifyTolerance:E0})");
                        return Task.FromResult(2);
                    }
                }
                var batch = parse.GetValue(benchmark);
                if (batch > 0) Benchmark(model, onnx, batch, parse.GetValue(threads));
            }
            return Task.FromResult(0);
        });
        return command;
    }

    private static double Verify(LipSyncNet model, byte[] onnx)
    {
        const int batch = 2;
        var (face, audio) = RandomInputs(model, batch);
        using var runner = new OnnxLipSyncRunner(onnx, model.AudioWindowShape);
        var ort = runner.Run(face, audio, batch);
        var torch = TorchForward(model, face, audio, batch);
        var max = 0.0;
        for (var i = 0; i < ort.Length; i++) max = Math.Max(max, Math.Abs(ort[i] - torch[i]));
        return max;
    }

    private static void Benchmark(LipSyncNet model, byte[] onnx, int batch, int threadCount)
    {
        const int runs = 5;
        var (face, audio) = RandomInputs(model, batch);
        using (var runner = new OnnxLipSyncRunner(onnx, model.AudioWindowShape, threadCount))
        {
            runner.Run(face, audio, batch); // warm-up: first run plans memory and picks kernels
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++) runner.Run(face, audio, batch);
            Console.WriteLine($"onnxruntime: {watch.Elapsed.TotalMilliseconds / (runs * batch):F1} ms/sample (batch {batch}, {threadCount} intra-op threads, {runs} runs)");
        }

        set_num_threads(threadCount);
        TorchForward(model, face, audio, batch); // warm-up
        var torchWatch = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++) TorchForward(model, face, audio, batch);
        Console.WriteLine($"torchsharp:  {torchWatch.Elapsed.TotalMilliseconds / (runs * batch):F1} ms/sample (batch {batch}, {threadCount} threads, eval, {runs} runs)");
    }

    private static (float[] Face, float[] Audio) RandomInputs(LipSyncNet model, int batch)
    {
        using var scope = NewDisposeScope();
        var face = rand(batch, LipSyncNet.InputChannels, LipSyncNet.ImageSize, LipSyncNet.ImageSize).data<float>().ToArray();
        var audio = randn([batch, .. model.AudioWindowShape]).data<float>().ToArray();
        return (face, audio);
    }

    private static float[] TorchForward(LipSyncNet model, float[] face, float[] audio, int batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var output = model.call(
            tensor(face, [batch, LipSyncNet.InputChannels, LipSyncNet.ImageSize, LipSyncNet.ImageSize]),
            tensor(audio, [batch, .. model.AudioWindowShape]));
        return output.contiguous().data<float>().ToArray();
    }
}
