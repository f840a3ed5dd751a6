using System.Diagnostics;
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
    private readonly ILogger _logger = logger ?? NullLogger<DatasetBuilder>.Instance;

    public async Task<DatasetManifest> BuildAsync(string videoPath, string outputDirectory,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var timings = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();

        var info = options.Limits.CheckTrainingVideo(await MediaProbe.ProbeAsync(videoPath, cancellationToken));
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

        var detections = await VideoFaceScanner.ScanAsync(reader, faces, options.JpegQuality, options.Workers,
            (index, jpeg, token) => new ValueTask(File.WriteAllBytesAsync(layout.FramePath(index), jpeg, token)),
            "frames", progress, cancellationToken);
        timings["frames_and_faces"] = Lap(clock);
        var frameCount = detections.Length;

        var track = LandmarkTrack.Build(detections, LandmarkScheme.Ibug68, cancellationToken: cancellationToken);
        WriteLandmarks(layout, track);
        var cropJitter = CropJitter.Measure(track.Crops(video.Width, video.Height));
        timings["landmarks"] = Lap(clock);

        // The reader yields exactly FrameCount frames (it pads or drops a frame or two at the end), so the features
        // computed for that count while the frames decoded are aligned already.
        var features = await featuresTask;
        AudioFeatureFile.Save(features, layout.FeaturesPath(options.Asr));
        timings["features"] = featureClock.Elapsed.TotalSeconds;
        progress?.Report(new StageProgress("features", 1, 1));

        var manifest = new DatasetManifest
        {
            Source = new DatasetManifest.SourceVideo(Path.GetFileName(videoPath), new FileInfo(videoPath).Length,
                await SourceFingerprint.Sha256Async(videoPath, cancellationToken), info.Duration.TotalSeconds, video.Codec,
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

    private static double Lap(Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }
}
