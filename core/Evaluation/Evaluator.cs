using ATSync.Core.IO;
using System.Diagnostics;
using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Core.Faces;
using ATSync.Core.Inference;
using ATSync.Core.Progress;
using ATSync.Core.Training;
using OpenCvSharp;

namespace ATSync.Core.Evaluation;

/// <summary>
/// `atsync eval`: held-out self-reconstruction. Every frame of the held-out tail (<see cref="HeldOutFrames"/>) is
/// generated from its own audio (network input: the reference frame's crop + the real crop with the mouth blacked
/// out, as in training), composited into the real frame as `atsync infer` does, and compared with the real frame:
/// PSNR/SSIM of the mouth (<see cref="MouthRegion"/>), LMD and opening correlation from our own landmark detector,
/// seam score. The two <see cref="MouthBaselines"/> go through exactly the same steps. The report and contact sheet
/// are written only when everything succeeded.
/// </summary>
public static class Evaluator
{
    private const int Side = FaceCropRegion.NetworkSide;
    private const int Plane = Side * Side;
    private const int FaceFloats = 6 * Plane;

    /// <summary>Training frames averaged for the mean-mouth baseline (evenly spaced): plenty for a stable mean.</summary>
    private const int MeanMouthFrames = 64;

    public static async Task<EvaluationReport> RunAsync(EvaluationOptions options, IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string reportPath = options.ResolvedReportPath, sheetPath = options.ResolvedContactSheetPath;
        EnsureWritableFolder(reportPath);
        EnsureWritableFolder(sheetPath);
        var timings = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();

        // The dataset's existence first (the commonest mistake), then the model: a wrong model or --asr fails before heavy work.
        if (!Directory.Exists(options.DatasetDirectory))
            throw new DirectoryNotFoundException($"dataset folder {Path.GetFullPath(options.DatasetDirectory)} does not exist (make it with `atsync process VIDEO`)");
        var cardPath = ModelCard.PathBeside(options.ModelPath);
        var card = File.Exists(cardPath) ? ModelCard.Read(cardPath) : null;
        using var engine = LipSyncModelLoader.Open(options.ModelPath, options.Engine, options.Asr, out var asr, out var faceInput);
        if (options.Sketch == SketchSource.Landmarks && faceInput.MouthShape is null)
            throw new ArgumentException("--sketch landmarks: this model draws no mouth sketch (only the CPU profile does)");
        timings["model"] = Lap(clock);

        var dataset = await DatasetReader.ReadAsync(options.DatasetDirectory, asr, cancellationToken);
        var warnings = new List<string>();
        var heldOut = HeldOutFrames.Resolve(dataset, card, options.ModelPath, options.HoldoutTail, warnings);
        if (options.ReferenceFrame >= heldOut.First)
            throw new ArgumentException(
                $"--reference_frame {options.ReferenceFrame} is not a training frame (training frames are 0..{heldOut.First - 1}; the held-out tail starts at {heldOut.First})");
        var (referenceOf, references) = ReferenceFrames(dataset, heldOut, options.ReferenceFrame, warnings);
        using var pipeline = FacePipelineFactory.Create(options.FaceDetector, options.Landmarks);
        var referenceCrops = new Dictionary<int, Mat>();
        using var meanMouth = MeanOfTrainingCrops(dataset, heldOut.First, cancellationToken);
        timings["dataset"] = Lap(clock);

        var scores = new Dictionary<string, MethodScoreAccumulator>
        {
            [MouthBaselines.Model] = new(), [MouthBaselines.ReferencePaste] = new(), [MouthBaselines.MeanMouth] = new(),
        };
        var perFrame = new List<EvaluationReport.FrameScores>();
        var realSeams = new List<double>();
        var sampled = SampleFrames(heldOut, options.Samples);
        var sheetRows = new List<ContactSheet.Row>();
        int realFaces = 0;
        try
        {
            foreach (var reference in heldOut.Indices.Select(referenceOf).Distinct()) referenceCrops[reference] = ReadCrop(dataset, reference);
            int window = AudioFeatureWindow.Length(dataset.Features), batchSize = options.BatchSize;
            var face = new float[batchSize * FaceFloats];
            var audio = new float[batchSize * window];
            var output = new float[batchSize * 3 * Plane];
            using var compositor = new FaceCompositor(options.Composite);
            using var generated = new Mat(Side, Side, MatType.CV_8UC3);
            var frames = heldOut.Indices.ToArray();
            for (int start = 0; start < frames.Length; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(batchSize, frames.Length - start);
                var reals = new Mat[count];
                try
                {
                    for (int j = 0; j < count; j++)
                    {
                        int frame = frames[start + j];
                        reals[j] = ReadFrame(dataset, frame);
                        using var realCrop = Region(dataset, frame).CutNetworkInput(reals[j]);
                        FaceInput.WritePlanar(referenceCrops[referenceOf(frame)], face.AsSpan(j * FaceFloats, 3 * Plane));
                        var inside = Region(dataset, frame).Within(reals[j].Width, reals[j].Height);
                        faceInput.WriteMasked(realCrop, inside, dataset.Landmarks[frame], dataset.Features, frame,
                            face.AsSpan(j * FaceFloats + 3 * Plane, 3 * Plane), options.Sketch == SketchSource.Landmarks);
                        AudioFeatureWindow.Fill(dataset.Features, frame, audio.AsSpan(j * window, window));
                    }
                    engine.Run(face.AsSpan(0, count * FaceFloats), audio.AsSpan(0, count * window), count, output.AsSpan(0, count * 3 * Plane));

                    for (int j = 0; j < count; j++)
                    {
                        int frame = frames[start + j];
                        var real = reals[j];
                        var region = Region(dataset, frame);
                        using var realCrop = region.CutNetworkInput(real);
                        var mouth = MouthRegion.InCrop(dataset.Landmarks[frame], dataset.Scheme, region, real.Size());
                        var realLandmarks = pipeline.DetectLandmarks(real);
                        if (realLandmarks is not null) realFaces++;
                        if (Seam(real, region) is { } realSeam) realSeams.Add(realSeam);

                        ToBytes(output.AsSpan(j * 3 * Plane, 3 * Plane), generated);
                        foreach (var (method, crop) in new[]
                                 {
                                     (MouthBaselines.Model, generated), (MouthBaselines.ReferencePaste, referenceCrops[referenceOf(frame)]), (MouthBaselines.MeanMouth, meanMouth),
                                 })
                        {
                            using var composed = real.Clone();
                            compositor.Composite(composed, region, crop);
                            using var composedCrop = region.CutNetworkInput(composed);
                            var (psnr, ssim) = ImageMetrics.Compare(composedCrop, realCrop, mouth);
                            var accumulator = scores[method];
                            accumulator.AddImage(psnr, ssim);
                            double? lmd = null;
                            if (realLandmarks is not null && pipeline.DetectLandmarks(composed) is { } generatedLandmarks)
                            {
                                lmd = LandmarkDistance.Mouth(realLandmarks, generatedLandmarks);
                                accumulator.AddLandmarks(lmd.Value, MouthOpeningCorrelation.Opening(generatedLandmarks), MouthOpeningCorrelation.Opening(realLandmarks));
                            }
                            if (Seam(composed, region) is { } seam) accumulator.AddSeam(seam);
                            if (method != MouthBaselines.Model) continue;
                            perFrame.Add(new EvaluationReport.FrameScores(frame, psnr, ssim, lmd, referenceOf(frame)));
                            if (sampled.Contains(frame)) sheetRows.Add(new ContactSheet.Row(frame, realCrop.Clone(), composedCrop.Clone()));
                        }
                    }
                }
                finally
                {
                    foreach (var mat in reals) mat?.Dispose();
                }
                progress?.Report(new StageProgress("eval", start + count, frames.Length));
            }
            timings["evaluate"] = Lap(clock);

            if (realFaces == 0)
                warnings.Add($"the face detector ({options.FaceDetector}) found no face in the held-out real frames: LMD and the opening correlation are missing");
            var png = ContactSheet.EncodePng(sheetRows);
            var report = new EvaluationReport
            {
                Dataset = dataset.Layout.Directory,
                Model = Path.GetFullPath(options.ModelPath),
                Engine = engine.Kind.ToString().ToLowerInvariant(),
                Asr = asr.ToString().ToLowerInvariant(),
                Sketch = faceInput.MouthShape is null ? null : options.Sketch.ToString().ToLowerInvariant(),
                HeldOutFirst = heldOut.First,
                HeldOutCount = heldOut.Count,
                DatasetFrames = dataset.FrameCount,
                ReferenceFrame = options.ReferenceFrame,
                References = references,
                RealFacesDetected = realFaces,
                Scores = scores.ToDictionary(s => s.Key, s => s.Value.ToScores()),
                SeamExcessReal = realSeams.Count == 0 ? null : realSeams.Average(),
                Frames = perFrame,
                ContactSheet = sheetPath,
                ContactSheetFrames = sheetRows.Select(r => r.Frame).ToArray(),
                Warnings = warnings,
                StageSeconds = timings,
            };
            timings["total"] = timings.Values.Sum();
            await WriteAllAsync(sheetPath, png, reportPath, report.ToJson(), cancellationToken);
            return report;
        }
        finally
        {
            foreach (var crop in referenceCrops.Values) crop.Dispose();
            foreach (var row in sheetRows)
            {
                row.Real.Dispose();
                row.Generated.Dispose();
            }
        }
    }

    /// <summary>Both files are written to temporary names first and moved into place together at the end.</summary>
    private static async Task WriteAllAsync(string sheetPath, byte[] png, string reportPath, string json, CancellationToken cancellationToken)
    {
        string sheetPartial = sheetPath + ".partial", reportPartial = reportPath + ".partial";
        try
        {
            await File.WriteAllBytesAsync(sheetPartial, png, cancellationToken);
            await File.WriteAllTextAsync(reportPartial, json, cancellationToken);
            File.Move(sheetPartial, sheetPath, overwrite: true);
            File.Move(reportPartial, reportPath, overwrite: true);
        }
        finally
        {
            File.Delete(sheetPartial);
            File.Delete(reportPartial);
        }
    }

    /// <summary>
    /// Each held-out frame's reference: the given training frame, or (none given) the training frame nearest in head
    /// pose (<see cref="PoseNeighbours"/>), since at inference the reference is the source frame itself, in the same
    /// pose. A fixed frame in another pose would score the model on redrawing a turned jaw it is never asked to draw.
    /// Returns the choice with its name for the report ("pose" or "fixed").
    /// </summary>
    private static (Func<int, int> Of, string Kind) ReferenceFrames(PersonDataset dataset, HeldOutFrames heldOut, int? fixedFrame,
        List<string> warnings)
    {
        if (fixedFrame is { } frame) return (_ => frame, "fixed");
        if (dataset.Scheme != LandmarkScheme.Ibug68 || heldOut.First < 2)
        {
            warnings.Add("references by pose need iBUG-68 landmarks and 2 training frames: frame 0 is every frame's reference");
            return (_ => 0, "fixed");
        }
        var neighbours = new PoseNeighbours(Mouth.CropLandmarks.ForDataset(dataset), Enumerable.Range(0, heldOut.First).ToArray());
        return (f => neighbours.For(f)[0], "pose");
    }

    /// <summary>Up to <paramref name="samples"/> held-out frames, evenly spaced, first and last included.</summary>
    internal static HashSet<int> SampleFrames(HeldOutFrames heldOut, int samples)
    {
        int n = Math.Min(samples, heldOut.Count);
        if (n == 1) return [heldOut.First];
        return Enumerable.Range(0, n).Select(k => heldOut.First + (int)Math.Round(k * (heldOut.Count - 1) / (double)(n - 1))).ToHashSet();
    }

    private static Mat MeanOfTrainingCrops(PersonDataset dataset, int trainingFrames, CancellationToken cancellationToken)
    {
        int n = Math.Min(MeanMouthFrames, trainingFrames);
        var crops = new Mat[n];
        try
        {
            Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken },
                k => crops[k] = ReadCrop(dataset, (int)((long)k * trainingFrames / n)));
            return MouthBaselines.Mean(crops);
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }
        finally
        {
            foreach (var crop in crops) crop?.Dispose();
        }
    }

    private static FaceCropRegion Region(PersonDataset dataset, int frame) => FaceCropRegion.FromLandmarks(dataset.Landmarks[frame], dataset.Scheme);

    private static Mat ReadFrame(PersonDataset dataset, int frame)
    {
        var path = dataset.Layout.FramePath(frame);
        var image = Cv2.ImRead(path, ImreadModes.Color);
        if (image.Empty())
        {
            image.Dispose();
            throw new InvalidDataException($"{path}: not a readable image");
        }
        return image;
    }

    private static Mat ReadCrop(PersonDataset dataset, int frame)
    {
        if (frame >= dataset.FrameCount) throw new ArgumentException($"frame {frame} is beyond the dataset's {dataset.FrameCount} frames");
        using var image = ReadFrame(dataset, frame);
        return Region(dataset, frame).CutNetworkInput(image);
    }

    private static double? Seam(Mat frame, FaceCropRegion region)
    {
        try
        {
            return SeamScore.Measure(frame, region).Excess;
        }
        catch (ArgumentException)
        {
            return null; // a square too small or filling the frame has no measurable seam
        }
    }

    private static unsafe void ToBytes(ReadOnlySpan<float> chw, Mat bgr)
    {
        byte* target = (byte*)bgr.DataPointer;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < Plane; i++)
                target[3 * i + c] = (byte)Math.Clamp(MathF.Round(chw[c * Plane + i] * 255f), 0f, 255f);
    }

    private static void EnsureWritableFolder(string path)
    {
        if (WritableFolder.Problem(Path.GetDirectoryName(Path.GetFullPath(path))!) is { } reason)
            throw new IOException($"{path} cannot be written: {reason}");
    }

    private static double Lap(Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }
}
