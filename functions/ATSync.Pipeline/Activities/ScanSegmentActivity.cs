using ATSync.Core.Datasets;
using ATSync.Core.Faces;
using ATSync.Core.Media;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;
using Microsoft.DurableTask;

namespace ATSync.Pipeline.Activities;

/// <summary>
/// One fan-out branch of PrepareDataset: decodes the video, JPEG-encodes and tracks the face on its frame range (the
/// same scanner and settings as `atsync process`), uploads the frames into the upload's own dataset version
/// (<c>datasets/{person}/{version}/full_body_img/</c>) and the raw landmarks (null where no face was found) for the
/// fan-in. Re-running overwrites the same blobs.
/// </summary>
[DurableTask(Name)]
public sealed class ScanSegmentActivity(PipelineStorage storage) : TaskActivity<SegmentScanInput, SegmentScanResult>
{
    public const string Name = "ScanSegment";

    public override async Task<SegmentScanResult> RunAsync(TaskActivityContext context, SegmentScanInput input)
    {
        var person = input.Upload.PersonId;
        var build = new DatasetBuildOptions();
        var folder = DatasetBlobs.VersionFolder(input.Upload);
        var path = await storage.DownloadUploadAsync(input.Upload);
        var reader = VideoFrameReader.FromProbe(await MediaProbe.ProbeAsync(path));
        using var faces = FacePipelineFactory.Create(build.FaceDetector, build.Landmarks);
        var landmarks = await VideoFaceScanner.ScanAsync(reader, faces, build.JpegQuality, build.Workers,
            async (index, jpeg, token) => await storage.UploadBytesAsync(DatasetBlobs.Frame(folder, index), jpeg, token),
            "frames", null, CancellationToken.None, new FrameRange(input.First, input.Last));

        var raw = new SegmentLandmarks(input.First,
            Enumerable.Range(input.First, input.Last - input.First + 1)
                .Select(i => landmarks[i]?.SelectMany(p => new[] { p.X, p.Y }).ToArray()).ToArray());
        var blob = DatasetBlobs.SegmentLandmarks(person, RunKey(input.Upload), input.Segment);
        await storage.UploadJsonAsync(blob, raw);
        return new SegmentScanResult(input.Segment, input.First, input.Last, blob, raw.Points.Count(p => p is not null));
    }

    /// <summary>Segment files of one upload version live apart from another's.</summary>
    public static string RunKey(VideoUpload upload) => PipelineIds.ShortHash($"{upload.Video}|{upload.ETag}");
}
