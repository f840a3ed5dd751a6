using ATSync.Core.Audio;
using ATSync.Core.Faces;
using ATSync.Core.Media;
using OpenCvSharp;

namespace ATSync.Core.Datasets;

/// <summary>
/// The fan-in step of a dataset made in pieces (frames and landmarks per segment, audio features on their own): one
/// landmark track over the whole clip (smoothing needs every frame), its .lms files, and the same dataset.json
/// `atsync process` writes. Used by the Durable pipeline's PrepareDataset.
/// </summary>
public static class DatasetAssembly
{
    /// <summary>Gap-fills and smooths the per-frame raw landmarks (null = no face) exactly as the CLI does.</summary>
    /// <exception cref="FaceCoverageException">too few frames show a face.</exception>
    public static LandmarkTrack BuildTrack(IReadOnlyList<Point2f[]?> rawLandmarks, CancellationToken cancellationToken = default) =>
        LandmarkTrack.Build(rawLandmarks, LandmarkScheme.Ibug68, cancellationToken: cancellationToken);

    public static void WriteLandmarks(DatasetLayout layout, LandmarkTrack track)
    {
        Directory.CreateDirectory(layout.LandmarksDirectory);
        Parallel.For(0, track.FrameCount, i => LandmarkFile.Write(layout.LandmarksPath(i), track[i]));
    }

    /// <summary>The manifest of a dataset assembled from pieces; fields mean what they mean for `atsync process`.</summary>
    public static DatasetManifest CreateManifest(MediaInfo info, string videoFileName, long videoBytes, string videoSha256,
        LandmarkTrack track, AudioFeatureKind asr, int[] featureShape, string? featureModelPath, DatasetBuildOptions options,
        IReadOnlyDictionary<string, double> stageSeconds)
    {
        var video = info.RequireVideo();
        var audio = info.RequireAudio();
        return new DatasetManifest
        {
            Source = new DatasetManifest.SourceVideo(videoFileName, videoBytes, videoSha256, info.Duration.TotalSeconds,
                video.Codec, video.Width, video.Height, video.Rotation, video.AverageFrameRate, audio.Codec, audio.SampleRate,
                audio.Channels),
            FrameCount = track.FrameCount,
            DurationSeconds = track.FrameCount / 25.0,
            FrameWidth = video.Width,
            FrameHeight = video.Height,
            Features = new DatasetManifest.FeatureInfo(asr, DatasetLayout.FeaturesFileName(asr), featureShape,
                featureModelPath is null ? null : Path.GetFileName(featureModelPath)),
            Landmarks = new DatasetManifest.LandmarkInfo(LandmarkScheme.Ibug68, 68, Path.GetFileName(options.FaceDetector),
                Path.GetFileName(options.Landmarks)),
            Faces = new DatasetManifest.FaceQuality(track.Coverage, track.MissingRanges.Sum(r => r.Length),
                CropJitter.Measure(track.Crops(video.Width, video.Height))),
            StageSeconds = stageSeconds,
        };
    }
}
