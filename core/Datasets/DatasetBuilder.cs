using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using ATSync.Core.Audio;
using ATSync.Core.Faces;
using ATSync.Core.Media;
using ATSync.Core.Progress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;

namespace ATSync.Core.Datasets;

/// <summary>
/// `atsync process`: turns a person's video into a training dataset (25 fps JPEG frames, smoothed 68-point landmarks,
/// 16 kHz aud.wav, per-frame audio features, dataset.json). Frames stream from ffmpeg through a pool of workers that
/// encode JPEGs and find landmarks; audio features are computed alongside. Everything is staged and committed at the end.
/// </summary>
public sealed class DatasetBuilder(DatasetBuildOptions options, ILogger<DatasetBuilder>? logger = null)
{
    /// <summary>Consecutive frames one worker handles; the face detector runs once per run (about twice a second).</summary>
    public const int FramesPerRun = 12;

    private readonly ILogger _logger = logger ?? NullLogger<DatasetBuilder>.Instance;

    public async Task<DatasetManifest> BuildAsync(string videoPath, string outputDirectory,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var timings = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();

        var info = await MediaProbe.ProbeAsync(videoPath, cancellationToken);
        if (!info.HasVideo) throw new MediaException(videoPath, "has no video stream; `atsync process` needs a video of the person");
        if (!info.HasAudio)
            throw new MediaException(videoPath, $"has no audio stream; --asr {options.Asr.ToString().ToLowerInvariant()} needs the person's speech to learn from");
        var video = info.RequireVideo();
        var audioStream = info.RequireAudio();

        // Open the models before any heavy work, so a bad model file fails in milliseconds.
        using var extractor = AudioFeatureExtractorFactory.Create(options.Asr, options.HubertModelPath, options.WenetModelPath);
        // The face models take most of a second to load (dlib's 100 MB file): load them while the audio decodes.
        var facesLoading = Task.Run(() => FacePipelineFactory.Create(options.FaceDetector, options.Landmarks), cancellationToken);
        using var facesOwner = new FacePipelineHolder(facesLoading);
        using var staging = DatasetStaging.Create(outputDirectory);
        var layout = staging.Layout;
        timings["probe"] = Lap(clock);

        progress?.Report(new StageProgress("audio", 0, 1));
        var samples = await AudioDecoder.Decode16kMonoAsync(info, cancellationToken);
        WaveFile.Write16kMono(layout.AudioPath, samples);
        var faces = await facesLoading;
        timings["audio_and_face_models"] = Lap(clock);

        var reader = VideoFrameReader.FromProbe(info);
        var expectedFrames = reader.FrameCount;
        var featureClock = Stopwatch.StartNew();
        var featuresTask = Task.Run(() => extractor.Extract(samples, expectedFrames, null, cancellationToken), cancellationToken);

        var detections = await AnalyseFramesAsync(reader, faces, layout, progress, cancellationToken);
        timings["frames_and_faces"] = Lap(clock);
        var frameCount = detections.Length;

        var track = LandmarkTrack.Build(detections, LandmarkScheme.Ibug68, cancellationToken: cancellationToken);
        WriteLandmarks(layout, track);
        var cropJitter = CropJitter.Measure(track.Crops(video.Width, video.Height));
        timings["landmarks"] = Lap(clock);

        var features = await featuresTask;
        if (features.FrameCount != frameCount)
        {
            // The probe's frame estimate was off by a frame or two: align the features to the frames actually decoded.
            features = extractor.Extract(samples, frameCount, null, cancellationToken);
        }
        AudioFeatureFile.Save(features, layout.FeaturesPath(options.Asr));
        timings["features"] = featureClock.Elapsed.TotalSeconds;
        progress?.Report(new StageProgress("features", 1, 1));

        var manifest = new DatasetManifest
        {
            Source = new DatasetManifest.SourceVideo(Path.GetFileName(videoPath), new FileInfo(videoPath).Length,
                await HashAsync(videoPath, cancellationToken), info.Duration.TotalSeconds, video.Codec,
                video.Width, video.Height, video.Rotation, video.AverageFrameRate, audioStream.Codec, audioStream.SampleRate,
                audioStream.Channels),
            FrameCount = frameCount,
            DurationSeconds = frameCount / 25.0,
            FrameWidth = video.Width,
            FrameHeight = video.Height,
            Features = new DatasetManifest.FeatureInfo(options.Asr, DatasetLayout.FeaturesFileName(options.Asr), features.Shape,
                options.Asr switch
                {
                    AudioFeatureKind.Hubert => Path.GetFileName(options.HubertModelPath),
                    AudioFeatureKind.Wenet => Path.GetFileName(options.WenetModelPath),
                    _ => null,
                }),
            Landmarks = new DatasetManifest.LandmarkInfo(LandmarkScheme.Ibug68, 68, Path.GetFileName(options.FaceDetector),
                Path.GetFileName(options.Landmarks)),
            Faces = new DatasetManifest.FaceQuality(track.Coverage, track.MissingRanges.Sum(r => r.Length), cropJitter),
            StageSeconds = timings,
        };
        timings["total"] = timings.Values.Sum() - timings.GetValueOrDefault("features");
        await manifest.WriteAsync(layout.ManifestPath, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        staging.Commit();
        _logger.LogInformation("Processed {Video}: {Frames} frames, face coverage {Coverage:P1}, in {Seconds:F1} s",
            videoPath, frameCount, track.Coverage, timings["total"]);
        return manifest;
    }

    /// <summary>
    /// Decodes frames in order and hands them out in runs of <see cref="FramesPerRun"/> consecutive frames to a worker
    /// per core, which writes each JPEG and finds the landmarks: the face detector runs on a run's first frame and
    /// the landmarks follow the face through the rest (<see cref="FaceTracker"/>). Runs make the result independent of
    /// thread timing, and keep the slow detector off most frames.
    /// </summary>
    private async Task<Point2f[]?[]> AnalyseFramesAsync(VideoFrameReader reader, FacePipeline faces, DatasetLayout layout,
        IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var results = new Point2f[]?[reader.FrameCount];
        var channel = Channel.CreateBounded<List<VideoFrame>>(new BoundedChannelOptions(options.Workers) { SingleWriter = true });
        // A failing worker cancels the decoder too, so neither side waits on the other forever.
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = failure.Token;
        var done = 0;
        var encodeParams = new[] { new ImageEncodingParam(ImwriteFlags.JpegQuality, options.JpegQuality) };

        async Task Work()
        {
            try
            {
                await foreach (var run in channel.Reader.ReadAllAsync(token))
                {
                    var tracker = new FaceTracker(faces);
                    try
                    {
                        foreach (var frame in run)
                        {
                            token.ThrowIfCancellationRequested();
                            Cv2.ImEncode(".jpg", frame.Mat, out var jpeg, encodeParams);
                            await File.WriteAllBytesAsync(layout.FramePath(frame.Index), jpeg, token);
                            results[frame.Index] = tracker.Next(frame.Mat);
                        }
                    }
                    finally
                    {
                        foreach (var frame in run) frame.Dispose();
                    }
                    progress?.Report(new StageProgress("frames", Interlocked.Add(ref done, run.Count), reader.FrameCount));
                }
            }
            catch
            {
                await failure.CancelAsync();
                throw;
            }
        }

        var workers = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => Task.Run(Work, token)).ToArray();
        Exception? decodeError = null;
        var pending = new List<VideoFrame>(FramesPerRun);
        try
        {
            await foreach (var frame in reader.ReadFramesAsync(token))
            {
                pending.Add(frame);
                if (pending.Count < FramesPerRun) continue;
                await channel.Writer.WriteAsync(pending, token);
                pending = new List<VideoFrame>(FramesPerRun);
            }
            if (pending.Count > 0) await channel.Writer.WriteAsync(pending, token);
            pending = [];
            channel.Writer.Complete();
        }
        catch (Exception e)
        {
            decodeError = e;
            channel.Writer.TryComplete();
            await failure.CancelAsync();
        }
        finally
        {
            // Frames still queued when the run stops early go back to the decoder's pool.
            await Task.WhenAll(workers).ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var frame in pending) frame.Dispose();
            while (channel.Reader.TryRead(out var leftover)) leftover.ForEach(f => f.Dispose());
        }
        // Surface the first real failure: a worker's error, else the caller's cancellation, else the decoder's error.
        var failed = workers.FirstOrDefault(w => w.IsFaulted);
        if (failed is not null) await failed;
        cancellationToken.ThrowIfCancellationRequested();
        if (decodeError is not null) ExceptionDispatchInfo.Throw(decodeError);
        return results;
    }

    /// <summary>Disposes the face models even when the run fails before they are awaited.</summary>
    private sealed class FacePipelineHolder(Task<FacePipeline> loading) : IDisposable
    {
        public void Dispose()
        {
            if (loading.IsCompletedSuccessfully) loading.Result.Dispose();
            else loading.ContinueWith(t => t.Result.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
        }
    }

    private static void WriteLandmarks(DatasetLayout layout, LandmarkTrack track)
    {
        Parallel.For(0, track.FrameCount, i => LandmarkFile.Write(layout.LandmarksPath(i), track[i]));
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static double Lap(Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }
}
