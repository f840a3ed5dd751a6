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
/// landmarks/{i}.lms, stale frames of a longer earlier video removed, and dataset.json written last, with the same
/// content as `atsync process` gives. Safe to re-run: every blob it writes is overwritten.
/// </summary>
[DurableTask(Name)]
public sealed class AssembleDatasetActivity(PipelineStorage storage, IOptions<PipelineOptions> options) : TaskActivity<AssembleDatasetInput, DatasetResult>
{
    public const string Name = "AssembleDataset";

    public override async Task<DatasetResult> RunAsync(TaskActivityContext context, AssembleDatasetInput input)
    {
        var clock = Stopwatch.StartNew();
        var person = input.Upload.PersonId;
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
                async (i, token) => await storage.UploadFileAsync(DatasetBlobs.Landmarks(person, i), layout.LandmarksPath(i), token));
            await DeleteStaleAsync(person, track.FrameCount);

            var path = await storage.DownloadToCacheAsync(input.Upload.Video);
            var info = await MediaProbe.ProbeAsync(path);
            var stages = new Dictionary<string, double>
            {
                ["features"] = input.Audio.Seconds,
                ["assemble"] = clock.Elapsed.TotalSeconds,
            };
            var manifest = DatasetAssembly.CreateManifest(info, Path.GetFileName(input.Upload.Video.Name), new FileInfo(path).Length,
                await SourceFingerprint.Sha256Async(path), track, input.Settings.Asr, input.Audio.Shape,
                input.Settings.Asr == AudioFeatureKind.Hubert ? options.Value.HubertModelPath : null, new DatasetBuildOptions(), stages);
            await storage.UploadJsonAsync(DatasetBlobs.Source(person), new DatasetSource(input.Upload.Video, input.Upload.ETag));
            // The manifest goes last: its presence marks the dataset complete.
            await storage.UploadJsonAsync(DatasetBlobs.Manifest(person), manifest, DatasetManifest.JsonOptions);
            return new DatasetResult(person, DatasetBlobs.Folder(person), DatasetBlobs.Manifest(person), track.FrameCount, track.Coverage);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Frames and landmarks numbered past the new clip's end belong to an earlier, longer video.</summary>
    private async Task DeleteStaleAsync(string person, int frameCount)
    {
        foreach (var folder in new[] { DatasetLayout.FramesFolderName, DatasetLayout.LandmarksFolderName })
        {
            foreach (var item in await storage.ListAsync(Containers.Datasets, $"{person}/{folder}/"))
            {
                var stem = Path.GetFileNameWithoutExtension(item.Name);
                if (int.TryParse(stem, out var index) && index >= frameCount)
                    await storage.Container(Containers.Datasets).DeleteBlobIfExistsAsync(item.Name);
            }
        }
    }
}
