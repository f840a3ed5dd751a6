using ATSync.Core.IO;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using ATSync.Core.Audio;
using ATSync.Core.Faces;
using ATSync.Core.Media;
using ATSync.Core.Progress;
using ATSync.Core.Training;
using OpenCvSharp;

namespace ATSync.Core.Inference;

/// <summary>
/// `atsync infer`: a person's video + new speech + their model -> a lip-synced mp4 (H.264 + AAC, 25 fps, as long as
/// the audio) and a report. Output frame t shows source frame <see cref="SourceClip.PingPong"/>(t) with the
/// network's mouth composited in where there is speech; in silence the source frame is kept (cross-faded at the
/// boundaries, <see cref="SpeechBlend"/>). Nothing is left at the output path on failure or cancellation.
/// </summary>
public static class LipSyncRenderer
{
    private const int Side = FaceCropRegion.NetworkSide;
    private const int Plane = Side * Side;
    private const int FaceFloats = 6 * Plane;

    public static async Task<InferenceReport> RunAsync(LipSyncRenderOptions options, IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        PrepareOutputFolder(options.OutputPath);
        var timings = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();

        // The model first: a wrong model or --asr fails before any heavy work.
        progress?.Report(new StageProgress("model", 0, 1));
        var cardPath = ModelCard.PathBeside(options.ModelPath);
        var card = File.Exists(cardPath) ? ModelCard.Read(cardPath) : null;
        using var engine = LipSyncModelLoader.Open(options.ModelPath, options.Engine, options.Asr, out var asr, out var faceInput);
        using var extractor = AudioFeatureExtractorFactory.Create(asr, options.HubertModelPath, options.WenetModelPath, options.EncoderSettings);
        timings["model"] = Lap(clock);

        progress?.Report(new StageProgress("audio", 0, 1));
        var audioInfo = options.Limits.CheckSpeech(await MediaProbe.ProbeAsync(options.InputAudio, cancellationToken));
        audioInfo.RequireAudio();
        var samples = await AudioDecoder.Decode16kMonoAsync(audioInfo, cancellationToken);
        const int samplesPerFrame = VoiceActivityDetector.SamplesPerFrame;
        if (samples.Length < samplesPerFrame)
            throw new MediaException(options.InputAudio,
                $"the audio lasts {(samples.Length * 1000.0 / AudioDecoder.SampleRate).ToString("0.#", CultureInfo.InvariantCulture)} ms, shorter than one video frame (40 ms)");
        int frames = (int)Math.Ceiling(samples.Length / (double)samplesPerFrame - 1e-9);
        var features = extractor.Extract(samples, frames, null, cancellationToken);
        var speech = new VoiceActivityDetector().Detect(samples, frames);
        var loudness = MouthOpening.Loudness(samples, frames);
        progress?.Report(new StageProgress("audio", 1, 1));
        timings["audio"] = Lap(clock);

        using var clip = await SourceClipLoader.LoadAsync(options.InputVideo, card, options.FaceDetector, options.Landmarks, progress, cancellationToken,
            limits: options.Limits);
        timings[clip.DatasetDirectory is null ? "video_and_faces" : "dataset"] = Lap(clock);

        var weights = SpeechBlend.Weights(speech, options.CrossFadeFrames);
        var render = await RenderAsync(options, engine, faceInput, clip, features, weights, speech, loudness, progress, cancellationToken);
        timings["render"] = Lap(clock);
        timings["total"] = timings.Values.Sum();
        timings["render_network"] = render.Network.Elapsed.TotalSeconds; // the network's share of "render"

        var report = new InferenceReport
        {
            Output = Path.GetFullPath(options.OutputPath),
            Engine = engine.Kind.ToString().ToLowerInvariant(),
            Asr = asr.ToString().ToLowerInvariant(),
            Frames = frames,
            AudioSeconds = samples.Length / (double)AudioDecoder.SampleRate,
            SourceFrames = clip.FrameCount,
            ReusedDataset = clip.DatasetDirectory,
            FacesFound = clip.FacesFound,
            FaceCoverage = clip.FaceCoverage,
            SilentFrames = speech.Count(s => !s),
            GeneratedFrames = weights.Count(w => w > 0),
            SyncProxy = MouthOpening.Pearson(render.Openings, render.Loudness),
            SeamExcessOutput = render.SeamOutput.Count == 0 ? null : render.SeamOutput.Average(),
            SeamExcessSource = render.SeamSource.Count == 0 ? null : render.SeamSource.Average(),
            StageSeconds = timings,
            RenderFps = frames / Math.Max(timings["render"], 1e-9),
        };
        report.Write(options.ReportPath);
        return report;
    }

    private sealed record RenderMeasures(List<double> Openings, List<double> Loudness, List<double> SeamOutput, List<double> SeamSource)
    {
        /// <summary>Time spent in the network alone (the rest of the render stage is decoding, compositing, encoding).</summary>
        public Stopwatch Network { get; } = new();
    }

    /// <summary>Batches in flight: one being prepared, one in the network, one being composited.</summary>
    private const int BatchesInFlight = 3;

    /// <summary>
    /// Three stages on their own threads joined by bounded channels, so decoding and cropping the next batch and
    /// compositing/encoding the previous one run while the network works on the current one (the network is most of
    /// the work, but not all: on a 2-core machine the other stages fill the cores the network leaves idle).
    /// </summary>
    private static async Task<RenderMeasures> RenderAsync(LipSyncRenderOptions options, ILipSyncEngine engine, FaceInput faceInput, SourceClip clip,
        AudioFeatures features, float[] weights, bool[] speech, double[] loudness, IProgress<StageProgress>? progress,
        CancellationToken cancellationToken)
    {
        int frames = weights.Length, batchSize = options.BatchSize;
        int window = AudioFeatureWindow.Length(features);
        var measures = new RenderMeasures([], [], [], []);
        using var compositor = new FaceCompositor(options.Composite);
        await using var writer = await Mp4Writer.StartAsync(options.OutputPath, clip.Width, clip.Height, options.InputAudio, cancellationToken);
        var batches = Enumerable.Range(0, BatchesInFlight)
            .Select(_ => new RenderBatch(batchSize, FaceFloats, window, 3 * Plane)).ToArray();
        var free = Channel.CreateBounded<RenderBatch>(BatchesInFlight);
        foreach (var batch in batches) free.Writer.TryWrite(batch);
        var prepared = Channel.CreateBounded<RenderBatch>(1);
        var generated = Channel.CreateBounded<RenderBatch>(1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var prepare = Task.Run(() => PrepareAsync(free.Reader, prepared.Writer, faceInput, clip, features, weights, batchSize, window, stop.Token), stop.Token);
            var network = Task.Run(() => RunNetworkAsync(prepared.Reader, generated.Writer, engine, measures, stop.Token), stop.Token);
            var stages = new List<Task> { prepare, network };
            try
            {
                await foreach (var batch in generated.Reader.ReadAllAsync(stop.Token))
                {
                    await CompositeAsync(batch, clip, compositor, writer, weights, speech, loudness, measures, stop.Token);
                    progress?.Report(new StageProgress("render", batch.Start + batch.Count, frames));
                    batch.ReleaseSources();
                    await free.Writer.WriteAsync(batch, stop.Token);
                }
            }
            catch
            {
                await stop.CancelAsync(); // the other stages stop too; their own failure, if any, is the one reported
                await Task.WhenAll(stages.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
                var failed = stages.FirstOrDefault(t => t.IsFaulted);
                if (failed is not null) ExceptionDispatchInfo.Throw(failed.Exception!.InnerExceptions[0]);
                throw;
            }
            await Task.WhenAll(stages);
            await writer.CompleteAsync(cancellationToken);
        }
        finally
        {
            foreach (var batch in batches) batch.Dispose();
        }
        return measures;
    }

    /// <summary>Stage 1: decodes each batch's source frames and fills the network inputs of the frames it generates.</summary>
    private static async Task PrepareAsync(ChannelReader<RenderBatch> free, ChannelWriter<RenderBatch> prepared, FaceInput faceInput, SourceClip clip,
        AudioFeatures features, float[] weights, int batchSize, int window, CancellationToken cancellationToken)
    {
        try
        {
            for (int start = 0; start < weights.Length; start += batchSize)
            {
                var batch = await free.ReadAsync(cancellationToken);
                batch.Start = start;
                batch.Count = Math.Min(batchSize, weights.Length - start);
                for (int j = 0; j < batch.Count; j++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int t = start + j;
                    int s = SourceClip.PingPong(t, clip.FrameCount);
                    var source = batch.Sources[j] = clip.Decode(s);
                    if (weights[t] <= 0) continue;
                    var slot = batch.Generating.Count;
                    FillFace(faceInput, source, clip, s, features, t, batch.Face.AsSpan(slot * FaceFloats, FaceFloats));
                    AudioFeatureWindow.Fill(features, t, batch.Audio.AsSpan(slot * window, window));
                    batch.Generating.Add(j);
                }
                await prepared.WriteAsync(batch, cancellationToken);
            }
            prepared.Complete();
        }
        catch (Exception e)
        {
            prepared.Complete(e);
            throw;
        }
    }

    /// <summary>Stage 2: runs the network on each prepared batch (only the frames it generates).</summary>
    private static async Task RunNetworkAsync(ChannelReader<RenderBatch> prepared, ChannelWriter<RenderBatch> generated,
        ILipSyncEngine engine, RenderMeasures measures, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in prepared.ReadAllAsync(cancellationToken))
            {
                var n = batch.Generating.Count;
                measures.Network.Start();
                if (n > 0)
                    engine.Run(batch.Face.AsSpan(0, n * FaceFloats), batch.Audio.AsSpan(0, n * batch.AudioFloats),
                        n, batch.Output.AsSpan(0, n * 3 * Plane));
                measures.Network.Stop();
                await generated.WriteAsync(batch, cancellationToken);
            }
            generated.Complete();
        }
        catch (Exception e)
        {
            generated.Complete(e);
            throw;
        }
    }

    /// <summary>Stage 3: composites the generated mouths into their frames, measures them and sends every frame to the encoder.</summary>
    private static async Task CompositeAsync(RenderBatch batch, SourceClip clip, FaceCompositor compositor, Mp4Writer writer,
        float[] weights, bool[] speech, double[] loudness, RenderMeasures measures, CancellationToken cancellationToken)
    {
        for (int j = 0, g = 0; j < batch.Count; j++)
        {
            int t = batch.Start + j;
            var source = batch.Sources[j]!;
            if (weights[t] <= 0)
            {
                await writer.WriteFrameAsync(source, cancellationToken);
                continue;
            }
            var region = clip.Crops[SourceClip.PingPong(t, clip.FrameCount)];
            var output = batch.Output.AsMemory(g++ * 3 * Plane, 3 * Plane);
            using var composed = source.Clone();
            compositor.Composite(composed, region, output.Span);
            if (weights[t] < 1) Cv2.AddWeighted(source, 1 - weights[t], composed, weights[t], 0, composed);
            if (speech[t])
            {
                measures.Openings.Add(MouthOpening.Measure(output.Span));
                measures.Loudness.Add(loudness[t]);
            }
            MeasureSeams(composed, source, region, measures);
            await writer.WriteFrameAsync(composed, cancellationToken);
        }
    }

    /// <summary>
    /// The network's face input for output frame <paramref name="t"/> shown on source frame <paramref name="s"/>: the
    /// reference crop (the source frame's own crop, as the reference does at inference) and the same crop masked as the
    /// model's profile wants it (with the CPU profile's sketch of the mouth its audio predicts).
    /// </summary>
    private static void FillFace(FaceInput faceInput, Mat frame, SourceClip clip, int s, AudioFeatures features, int t, Span<float> destination)
    {
        var region = clip.Crops[s];
        using var crop = region.CutNetworkInput(frame);
        FaceInput.WritePlanar(crop, destination[..(3 * Plane)]);
        faceInput.WriteMasked(crop, region, clip.Landmarks[s], features, t, destination[(3 * Plane)..]);
    }

    private static void MeasureSeams(Mat composed, Mat source, FaceCropRegion region, RenderMeasures measures)
    {
        try
        {
            var after = SeamScore.Measure(composed, region);
            var before = SeamScore.Measure(source, region);
            measures.SeamOutput.Add(after.Excess);
            measures.SeamSource.Add(before.Excess);
        }
        catch (ArgumentException)
        {
            // A square too small or filling the frame has no measurable seam; it is simply not counted.
        }
    }

    /// <summary>Creates the output's folder now, so an unwritable path fails before minutes of work.</summary>
    private static void PrepareOutputFolder(string outputPath)
    {
        var full = Path.GetFullPath(outputPath);
        if (WritableFolder.Problem(Path.GetDirectoryName(full)!) is { } reason)
            throw new IOException($"output {full} cannot be written: {reason}");
    }

    private static double Lap(Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }
}
