using ATSync.Core.Audio;
using ATSync.Core.Export;
using ATSync.Core.Faces;
using ATSync.Core.Model;
using ATSync.Core.Training;
using ATSync.Tests.Inference;
using ATSync.Tests.Support;
using OpenCvSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ATSync.Tests.Export;

/// <summary>
/// Static int8 export: calibrated on real face crops of the Obama clip, the quantised graph stays within 35 dB PSNR of
/// the float graph on other frames, really holds int8 weights, and a wrong calibration is caught by the same check.
/// The reference fixture's random weights give a nearly flat output (std ~0.015), which would hide quantisation
/// error; its output layer is scaled up so the output has an image's contrast (checked) and every error shows.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class Int8ExportTests(FaceFrames frames, ITestOutputHelper log) : IClassFixture<FaceFrames>
{
    private const double MinimumPsnr = 35;

    [SkippableFact]
    public void Int8ModelCalibratedOnRealCropsMatchesTheFloatModelOnOtherFrames()
    {
        using var model = ImageContrastModel();
        var all = RealSamples(model);
        var calibration = all.Slice(0, 2);
        var check = all.Slice(2, all.Count - 2);

        var ranges = Int8Calibrator.Calibrate(model, calibration);
        Assert.Equal(2, ranges.Samples);
        Assert.All(ranges.Ranges, r => Assert.True(r.Min <= r.Max && float.IsFinite(r.Min) && float.IsFinite(r.Max)));
        var floatModel = LipSyncOnnxExporter.ExportToBytes(model);
        var int8Model = LipSyncOnnxExporter.ExportInt8ToBytes(model, ranges);
        using (var runner = new OnnxLipSyncRunner(floatModel, model.AudioWindowShape))
        {
            var output = runner.Run(check.Face, check.Audio, check.Count);
            var mean = output.Average();
            var std = Math.Sqrt(output.Average(v => (v - mean) * (v - mean)));
            Assert.True(std > 0.08, $"the float output is nearly flat (std {std:F3}): the PSNR would prove little");
        }

        // Weights are stored as int8: the file is well under half the float file's size.
        Assert.True(int8Model.Length < floatModel.Length / 2.5, $"int8 model {int8Model.Length} bytes vs float {floatModel.Length}");
        var quality = QuantizationCheck.Measure(floatModel, int8Model, model.AudioWindowShape, check);
        log.WriteLine($"int8 vs float on {quality.Samples} real frames: PSNR {quality.Psnr:F1} dB, max abs diff {quality.MaxAbsDiff:F4}, mouth {quality.MouthMaxAbsDiff:F4}");
        Assert.True(quality.Psnr >= MinimumPsnr, $"int8 vs float PSNR {quality.Psnr:F1} dB < {MinimumPsnr} dB (max diff {quality.MaxAbsDiff:F3})");
        Assert.True(quality.MouthMaxAbsDiff < 0.1, $"mouth region max abs diff {quality.MouthMaxAbsDiff:F3}");
        Assert.True(quality.Psnr < 100, "int8 output identical to float: the graph was not quantised");
    }

    /// <summary>
    /// The activation read by the float output convolution is left float: on a 1-epoch model of the bench its rounding
    /// alone cost the most of all taps (34.5 dB -> 36.3 dB when left float, the gate is 35). Here the same tap costs
    /// ~2 dB as well; quantising it back must lose that.
    /// </summary>
    [SkippableFact]
    public void TheActivationFeedingTheFloatOutputBlockStaysFloatAndThatGainsPsnr()
    {
        using var model = ImageContrastModel();
        var all = RealSamples(model);
        var calibration = Int8Calibrator.Calibrate(model, all.Slice(0, 2));
        var feed = Assert.Single(calibration.FloatTaps);
        Assert.Equal(calibration.Ranges.Count - 1, feed); // the last tap: nothing but the output block follows it
        Assert.Equal("up4.conv.double_conv.1.add", calibration.Scopes[feed]);

        var check = all.Slice(2, all.Count - 2);
        var floatModel = LipSyncOnnxExporter.ExportToBytes(model);
        var kept = QuantizationCheck.Measure(floatModel, LipSyncOnnxExporter.ExportInt8ToBytes(model, calibration), model.AudioWindowShape, check);
        var quantised = QuantizationCheck.Measure(floatModel,
            LipSyncOnnxExporter.ExportInt8ToBytes(model, calibration with { FloatTaps = new HashSet<int>() }), model.AudioWindowShape, check);
        log.WriteLine($"output feed float: {kept.Psnr:F2} dB; quantised: {quantised.Psnr:F2} dB");
        Assert.True(kept.Psnr > quantised.Psnr + 1, $"leaving the output feed float gave {kept.Psnr:F2} dB vs {quantised.Psnr:F2} dB quantised");
    }

    [SkippableFact]
    public void ActivationRangesFarTooNarrowFailTheQualityCheck()
    {
        using var model = ImageContrastModel();
        var samples = RealSamples(model);
        var ranges = Int8Calibrator.Calibrate(model, samples.Slice(0, 2));
        // Every activation clipped to 5% of its real range: the check must see it.
        var clipped = ranges with { Ranges = ranges.Ranges.Select(r => new ActivationRange(r.Min * 0.05f, r.Max * 0.05f)).ToArray() };
        var quality = QuantizationCheck.Measure(LipSyncOnnxExporter.ExportToBytes(model),
            LipSyncOnnxExporter.ExportInt8ToBytes(model, clipped), model.AudioWindowShape, samples.Slice(2, samples.Count - 2));
        Assert.True(quality.Psnr < MinimumPsnr, $"a badly clipped int8 model still scored {quality.Psnr:F1} dB");
    }

    [Theory]
    [InlineData(AudioFeatureKind.Mel)]
    [InlineData(AudioFeatureKind.Wenet)]
    public void OtherAudioModesExportToInt8GraphsThatOnnxRuntimeRuns(AudioFeatureKind kind)
    {
        manual_seed(3);
        using var model = new LipSyncNet(kind);
        model.eval();
        var window = (int)model.AudioWindowShape.Aggregate(1L, (a, b) => a * b);
        var random = new Random(2);
        var face = Enumerable.Range(0, 2 * 6 * 160 * 160).Select(_ => random.NextSingle()).ToArray();
        var audio = Enumerable.Range(0, 2 * window).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var samples = new CalibrationSamples(face, audio, 2);
        var int8 = LipSyncOnnxExporter.ExportInt8ToBytes(model, Int8Calibrator.Calibrate(model, samples));
        using var runner = new OnnxLipSyncRunner(int8, model.AudioWindowShape);
        var output = runner.Run(face, audio, 2);
        Assert.Equal(2 * 3 * 160 * 160, output.Length);
        Assert.All(output, v => Assert.InRange(v, 0f, 1f));
        var quality = QuantizationCheck.Measure(LipSyncOnnxExporter.ExportToBytes(model), int8, model.AudioWindowShape, samples);
        Assert.True(quality.Psnr >= MinimumPsnr, $"{kind}: int8 vs float PSNR {quality.Psnr:F1} dB");
    }

    [Fact]
    public void CalibrationOfAnotherModelKindIsRefused()
    {
        using var hubert = new LipSyncNet(AudioFeatureKind.Hubert);
        using var mel = new LipSyncNet(AudioFeatureKind.Mel);
        hubert.eval();
        mel.eval();
        var face = new float[6 * 160 * 160];
        var audio = new float[16 * 32 * 32];
        var ranges = Int8Calibrator.Calibrate(hubert, new CalibrationSamples(face, audio, 1));
        var error = Assert.Throws<InvalidOperationException>(() => LipSyncOnnxExporter.ExportInt8ToBytes(mel, ranges));
        Assert.Contains("calibrate this model again", error.Message);
    }

    /// <summary>The reference fixture with its 32 -> 3 output convolution scaled x16 (logits of image-like spread).</summary>
    private static LipSyncNet ImageContrastModel(float scale = 16)
    {
        var model = LipSyncCheckpoint.Load(SharedAssets.Fixture("ultralight_hubert.pth"), AudioFeatureKind.Hubert);
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
                if (name.StartsWith("outc.", StringComparison.Ordinal)) parameter.mul_(scale);
        }
        model.eval();
        return model;
    }

    /// <summary>The network input the renderer builds for each real frame (own crop + masked crop), with fixture audio.</summary>
    private CalibrationSamples RealSamples(LipSyncNet model)
    {
        var (audio, _) = FixtureArrays.ReadFloat32("ultralight_hubert_in_audio.npy");
        var windowLength = (int)model.AudioWindowShape.Aggregate(1L, (a, b) => a * b);
        var faces = new List<float>();
        var windows = new List<float>();
        var count = 0;
        foreach (var (frame, region) in frames.All)
        {
            faces.AddRange(NetworkFace(frame, region));
            windows.AddRange(audio.AsSpan((count % 2) * windowLength, windowLength).ToArray());
            count++;
        }
        Assert.True(count >= 3);
        return new CalibrationSamples(faces.ToArray(), windows.ToArray(), count);
    }

    private static unsafe float[] NetworkFace(Mat frame, FaceCropRegion region)
    {
        const int side = 160, plane = side * side;
        using var crop = region.CutNetworkInput(frame);
        var face = new float[6 * plane];
        byte* pixels = (byte*)crop.DataPointer;
        for (int c = 0; c < 3; c++)
        for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
        {
            int i = y * side + x;
            float v = pixels[3 * i + c] / 255f;
            face[c * plane + i] = v;
            bool mouth = MouthMask.Reference.Contains(x, y);
            face[(3 + c) * plane + i] = mouth ? 0 : v;
        }
        return face;
    }
}
