using ATSync.Core.Model;
using Microsoft.ML.OnnxRuntime;

namespace ATSync.Core.Export;

/// <summary>
/// Static int8 calibration: runs the float graph with every quantisation point exposed as an output over the
/// calibration samples in ONNX Runtime and records each activation's min and max.
/// </summary>
public static class Int8Calibrator
{
    private const int BatchSize = 4;

    public static Int8Calibration Calibrate(LipSyncNet model, CalibrationSamples samples, int threads = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        var probeModel = LipSyncOnnxExporter.ExportCalibrationProbe(model, out var probes);
        var names = probes.Distinct().ToArray();
        var ranges = names.ToDictionary(n => n, _ => ActivationRange.Empty);
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        using var session = new InferenceSession(probeModel, options);
        long[] audioShape = [.. model.AudioWindowShape];
        for (var start = 0; start < samples.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = samples.Slice(start, Math.Min(BatchSize, samples.Count - start));
            using var face = OrtValue.CreateTensorValueFromMemory(batch.Face, [batch.Count, LipSyncNet.InputChannels, LipSyncNet.ImageSize, LipSyncNet.ImageSize]);
            using var audio = OrtValue.CreateTensorValueFromMemory(batch.Audio, [batch.Count, .. audioShape]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [LipSyncOnnxExporter.FaceInput, LipSyncOnnxExporter.AudioInput], [face, audio], names);
            for (var i = 0; i < names.Length; i++)
                ranges[names[i]] = ranges[names[i]].Include(outputs[i].GetTensorDataAsSpan<float>());
        }
        return new Int8Calibration(probes.Select(p => ranges[p]).ToArray(), samples.Count);
    }
}
