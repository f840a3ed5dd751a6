using System.Diagnostics;
using ATSync.Core.Audio;
using ATSync.Core.Datasets;
using ATSync.Core.Media;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ATSync.Pipeline.Activities;

/// <summary>
/// The fan-in of PrepareDataset: one landmark track over all segments (gap filling and smoothing need the whole clip),
/// landmarks/{i}.lms and dataset.json (the same content as `atsync process` gives) in the upload's own version folder,
/// then the person's pointer to it (<c>current.json</c>, last), then the segment scratch deleted. Safe to re-run: every
/// blob it writes is overwritten, and a missing segment file after a completed run is not needed again.
/// </summary>
[DurableTask(Name)]
public sealed class AssembleDatasetActivity(PipelineStorage storage, IOptions<PipelineOptions> options) : TaskActivity<AssembleDatasetInput, DatasetResult>
{
    public const string Name = "AssembleDataset";

    public override async Task<DatasetResult> RunAsync(TaskActivityContext context, AssembleDatasetInput input)
    {
        var clock = Stopwatch.StartNew();
        var person = input.Upload.PersonId;
        var folder = DatasetBlobs.VersionFolder(input.Upload);
        if (await storage.ReadJsonAsync<DatasetManifest>(DatasetBlobs.Manifest(folder), DatasetManifest.JsonOptions) is { } done)
        {
            // A retry after the manifest was written (the pointer or the clean-up failed): finish those steps only.
            await PublishAsync(input, folder, done.FrameCount);
            return new DatasetResult(person, folder, DatasetBlobs.Manifest(folder), done.FrameCount, done.Faces.Coverage);
        }
        var raw = new Point2f[]?[input.FrameCount];
        foreach (var segment in input.Segments)
        {
            var stored = await storage.ReadJsonAsync<SegmentLandmarks>(segment.Landmarks)
                         ?? throw new InvalidOperationException($"{segment.Landmarks} is missing; segment {segment.Segment} must be scanned again");
            for (int i = 0; i < stored.Points.Length; i++)
                raw[stored.First + i] = stored.Points[i] is { } flat
                    ? Enumerable.Range(0, flat.Length / 2).Select(p => new Point2f(flat[2 * p], flat[2 * p + 1])).ToArray()
                    : null;
        }
        var track = DatasetAssembly.BuildTrack(raw);

        var work = storage.NewWorkFolder("assemble");
        try
        {
            var layout = new DatasetLayout(work);
            DatasetAssembly.WriteLandmarks(layout, track);
            await Parallel.ForEachAsync(Enumerable.Range(0, track.FrameCount), new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (i, token) => await storage.UploadFileAsync(DatasetBlobs.Landmarks(folder, i), layout.LandmarksPath(i), token));

            var path = await storage.DownloadUploadAsync(input.Upload);
            var info = await MediaProbe.ProbeAsync(path);
            var stages = new Dictionary<string, double>
            {
                ["features"] = input.Audio.Seconds,
                ["assemble"] = clock.Elapsed.TotalSeconds,
            };
            var manifest = DatasetAssembly.CreateManifest(info, Path.GetFileName(input.Upload.Video.Name), new FileInfo(path).Length,
                await SourceFingerprint.Sha256Async(path), track, input.Settings.Asr, input.Audio.Shape,
                input.Settings.Asr switch
                {
                    AudioFeatureKind.Hubert => options.Value.HubertModelPath,
                    AudioFeatureKind.Wenet => options.Value.WenetModelPath,
                    _ => null,
                }, new DatasetBuildOptions(), stages);
            await storage.UploadJsonAsync(DatasetBlobs.Source(folder), new DatasetSource(input.Upload.Video, input.Upload.ETag));
            // The manifest goes last in the folder: its presence marks the dataset complete (the CLI's rule).
            await storage.UploadJsonAsync(DatasetBlobs.Manifest(folder), manifest, DatasetManifest.JsonOptions);
            await PublishAsync(input, folder, track.FrameCount);
            return new DatasetResult(person, folder, DatasetBlobs.Manifest(folder), track.FrameCount, track.Coverage);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Points the person at this version (of two uploads prepared at once, the one completed last is current;
    /// each training names its own folder either way) and deletes the segment scratch.</summary>
    private async Task PublishAsync(AssembleDatasetInput input, BlobRef folder, int frameCount)
    {
        await storage.UploadJsonAsync(DatasetBlobs.Pointer(input.Upload.PersonId),
            new DatasetPointer(folder, frameCount, input.Upload.Video, DateTimeOffset.UtcNow));
        foreach (var segment in input.Segments)
            await storage.Blob(segment.Landmarks).DeleteIfExistsAsync();
    }
}
