using System.CommandLine;
using System.Diagnostics;
using ATSync.Core.Export;
using ATSync.Core.Model;
using ATSync.Core.Training;
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
        var quantize = new Option<string>("--quantize")
        {
            Description = "none, or int8: static int8 quantisation (per-channel int8 weights, uint8 activations calibrated on --calibration_dataset).",
            DefaultValueFactory = _ => "none",
        }.AcceptOnlyFromAmong("none", "int8");
        var calibrationDataset = new Option<string?>("--calibration_dataset")
        {
            Description = "Processed dataset of the person (atsync process) whose crops and audio calibrate --quantize int8; default: the model card's dataset.",
        };
        var calibrationFrames = new Option<int>("--calibration_frames") { Description = "Frames used to calibrate --quantize int8.", DefaultValueFactory = _ => 32 };
        var calibrationMethod = new Option<string>("--calibration_method")
        {
            Description = "How --quantize int8 picks each activation's range: minmax (the observed range; measured best here), mse (least expected error, clips rare outliers) or percentile (0.01-99.99 %).",
            DefaultValueFactory = _ => "minmax",
        }.AcceptOnlyFromAmong("minmax", "mse", "percentile");
        var weightBits = new Option<int>("--int8_weight_bits")
        {
            Description = "7 (default: exact on every x86 CPU) or 8 (one more bit, but ONNX Runtime's int8 kernels saturate on CPUs without VNNI: only for VNNI-only fleets).",
            DefaultValueFactory = _ => 7,
        }.AcceptOnlyFromAmong("7", "8");
        var command = new Command("export-onnx", "Export a lip-sync checkpoint to ONNX (inputs face, audio; output output).")
        {
            modelPath, output, verify, benchmark, threads, quantize, calibrationDataset, calibrationFrames, calibrationMethod, weightBits,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(quantize) == "int8")
                return await ExportInt8Async(parse.GetValue(modelPath)!, parse.GetValue(output)!, parse.GetValue(calibrationDataset),
                    parse.GetValue(calibrationFrames), Enum.Parse<CalibrationMethod>(parse.GetValue(calibrationMethod)!, ignoreCase: true),
                    parse.GetValue(weightBits), parse.GetValue(benchmark), parse.GetValue(threads), cancellationToken);
            var path = parse.GetValue(modelPath)!;
            var onnxPath = parse.GetValue(output)!;
            if (TryLoad(path) is not { } model) return 1;

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
                    return 1;
                }
                Console.WriteLine($"wrote {onnxPath} ({new FileInfo(onnxPath).Length / 1e6:F1} MB, {model.Audio.ToString().ToLowerInvariant()} audio, " +
                                  $"window [{string.Join(", ", model.AudioWindowShape)}]) in {watch.Elapsed.TotalSeconds:F1} s");
                ReportCard(path, onnxPath);
                var onnx = File.ReadAllBytes(onnxPath);
                if (parse.GetValue(verify))
                {
                    var diff = Verify(model, onnx);
                    Console.WriteLine($"verify:   max abs diff ONNX Runtime vs TorchSharp = {diff:E2} (batch 2, random input)");
                    if (!(diff <= VerifyTolerance))
                    {
                        Console.Error.WriteLine($"atsync export-onnx: {onnxPath} differs from the checkpoint by {diff:E2} (> {VerifyTolerance:E0})");
                        return 2;
                    }
                }
                var batch = parse.GetValue(benchmark);
                if (batch > 0) Benchmark(model, onnx, batch, parse.GetValue(threads));
            }
            return 0;
        });
        return command;
    }

    /// <summary>The checkpoint, or null after printing why it cannot be read.</summary>
    private static LipSyncNet? TryLoad(string path)
    {
        try
        {
            return LipSyncCheckpoint.Load(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"atsync export-onnx: {e.Message}");
            return null;
        }
    }

    /// <summary>Min. PSNR of the int8 output against the float output on held-out frames of the person (values in [0, 1]).</summary>
    private const double Int8MinimumPsnr = 35;

    private static async Task<int> ExportInt8Async(string path, string onnxPath, string? datasetDirectory, int frames, CalibrationMethod method, int weightBits, int benchmark,
        int threadCount, CancellationToken cancellationToken)
    {
        if (TryLoad(path) is not { } model) return 1;
        using (model)
        {
            var cardPath = ModelCard.PathBeside(path);
            datasetDirectory ??= File.Exists(cardPath) ? ModelCard.Read(cardPath).Dataset.Directory : null;
            if (datasetDirectory is null)
            {
                Console.Error.WriteLine("atsync export-onnx: --quantize int8 needs the person's processed dataset for calibration: give --calibration_dataset DIR");
                return 1;
            }
            if (frames < 1)
            {
                Console.Error.WriteLine($"atsync export-onnx: --calibration_frames must be at least 1 (got {frames})");
                return 1;
            }
            CalibrationSamples calibration, check;
            try
            {
                (calibration, check) = await CalibrationSamples.FromDatasetAsync(datasetDirectory, model, frames, cancellationToken);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"atsync export-onnx: calibration dataset: {e.Message}");
                return 1;
            }
            var watch = Stopwatch.StartNew();
            var ranges = Int8Calibrator.Calibrate(model, calibration, method, threadCount, cancellationToken) with { WeightBits = weightBits };
            try
            {
                LipSyncOnnxExporter.ExportInt8(model, ranges, onnxPath, cancellationToken);
            }
            catch (Exception e) when (e is NotSupportedException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"atsync export-onnx: {e.Message}");
                return 1;
            }
            Console.WriteLine($"wrote {onnxPath} ({new FileInfo(onnxPath).Length / 1e6:F1} MB, int8 ({weightBits}-bit weights), {method.ToString().ToLowerInvariant()} ranges from {calibration.Count} frames of {datasetDirectory}) in {watch.Elapsed.TotalSeconds:F1} s");
            var floatModel = LipSyncOnnxExporter.ExportToBytes(model, cancellationToken);
            var int8Model = File.ReadAllBytes(onnxPath);
            var quality = QuantizationCheck.Measure(floatModel, int8Model, model.AudioWindowShape, check, threadCount);
            Console.WriteLine($"verify:   int8 vs float on {quality.Samples} other frames: PSNR {quality.Psnr:F1} dB, max abs diff {quality.MaxAbsDiff:F3} " +
                              $"(mouth region {quality.MouthMaxAbsDiff:F3})");
            if (!(quality.Psnr >= Int8MinimumPsnr))
            {
                Console.Error.WriteLine($"atsync export-onnx: the int8 model is too far from the float model (PSNR {quality.Psnr:F1} dB < {Int8MinimumPsnr} dB); use the float export");
                File.Delete(onnxPath);
                return 2;
            }
            ReportCard(path, onnxPath);
            if (benchmark > 0) BenchmarkInt8(floatModel, int8Model, model.AudioWindowShape, benchmark, threadCount);
        }
        return 0;
    }

    /// <summary>Copies the checkpoint's model card beside the export (infer reads it there) and says what it did.</summary>
    private static void ReportCard(string checkpointPath, string onnxPath)
    {
        switch (ExportedModelCard.CopyBeside(checkpointPath, onnxPath))
        {
            case ExportedModelCard.Outcome.Copied:
                Console.WriteLine($"card:     copied the model card to {ModelCard.PathBeside(onnxPath)} (infer reads the asr and reuses the dataset from it)");
                break;
            case ExportedModelCard.Outcome.OtherModelsCard:
                Console.Error.WriteLine($"atsync export-onnx: warning: {ModelCard.PathBeside(onnxPath)} belongs to another model and was left alone; " +
                                        "infer will not find this model's card (give --asr, or export into a folder of its own)");
                break;
        }
    }

    private static void BenchmarkInt8(byte[] floatModel, byte[] int8Model, long[] audioWindowShape, int batch, int threadCount)
    {
        const int runs = 5, rounds = 3;
        var face = new float[batch * LipSyncNet.InputChannels * LipSyncNet.ImageSize * LipSyncNet.ImageSize];
        var audio = new float[batch * audioWindowShape.Aggregate(1L, (a, b) => a * b)];
        var random = new Random(1);
        for (var i = 0; i < face.Length; i++) face[i] = random.NextSingle();
        for (var i = 0; i < audio.Length; i++) audio[i] = random.NextSingle() * 2 - 1;
        using var fp32 = new OnnxLipSyncRunner(floatModel, audioWindowShape, threadCount);
        using var int8 = new OnnxLipSyncRunner(int8Model, audioWindowShape, threadCount);
        for (var i = 0; i < WarmUpRuns; i++)
        {
            fp32.Run(face, audio, batch);
            int8.Run(face, audio, batch);
        }
        // Interleaved rounds: on a shared machine a load spike hits both engines, not one.
        var fp32Times = new List<double>();
        var int8Times = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (runner, times) in new[] { (fp32, fp32Times), (int8, int8Times) })
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < runs; i++) runner.Run(face, audio, batch);
                times.Add(watch.Elapsed.TotalMilliseconds / (runs * batch));
            }
        }
        Console.WriteLine($"onnxruntime: {Median(fp32Times):F1} ms/sample (float, batch {batch}, {threadCount} intra-op threads, median of {rounds}x{runs} runs)");
        Console.WriteLine($"onnxruntime-int8: {Median(int8Times):F1} ms/sample (int8, batch {batch}, {threadCount} intra-op threads, median of {rounds}x{runs} runs)");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
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

    private const int WarmUpRuns = 3;

    private static void Benchmark(LipSyncNet model, byte[] onnx, int batch, int threadCount)
    {
        const int runs = 5;
        var (face, audio) = RandomInputs(model, batch);
        using (var runner = new OnnxLipSyncRunner(onnx, model.AudioWindowShape, threadCount))
        {
            // Warm-up: ONNX Runtime's first runs plan memory and are several times slower than steady ones.
            for (var i = 0; i < WarmUpRuns; i++) runner.Run(face, audio, batch);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++) runner.Run(face, audio, batch);
            Console.WriteLine($"onnxruntime: {watch.Elapsed.TotalMilliseconds / (runs * batch):F1} ms/sample (batch {batch}, {threadCount} intra-op threads, {runs} runs)");
        }

        set_num_threads(threadCount);
        for (var i = 0; i < WarmUpRuns; i++) TorchForward(model, face, audio, batch);
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
