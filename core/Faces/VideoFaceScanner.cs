using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using ATSync.Core.Media;
using ATSync.Core.Progress;
using OpenCvSharp;

namespace ATSync.Core.Faces;

/// <summary>
/// Decodes a video once, in order, and hands it out in runs of <see cref="FramesPerRun"/> consecutive frames to a
/// worker per core. Each worker JPEG-encodes every frame (for the caller's sink) and follows the face through its run
/// (<see cref="FaceTracker"/>: the detector runs on a run's first frame, about twice a second). Runs make the landmarks
/// independent of thread timing and keep the slow detector off most frames. Used by `process` and `infer`.
/// </summary>
public static class VideoFaceScanner
{
    public const int FramesPerRun = 12;

    /// <summary>Receives each frame's JPEG bytes (called from worker threads, once per frame).</summary>
    public delegate ValueTask JpegSink(int frameIndex, byte[] jpeg, CancellationToken cancellationToken);

    /// <param name="range">Only these frames, decoded from shortly before them where the container allows a seek
    /// (<see cref="VideoFrameReader.ReadFramesAsync(FrameRange?, CancellationToken)"/>): a segment of a fanned-out scan; start it on a multiple of
    /// <see cref="FramesPerRun"/> to get the same landmarks as a whole scan); null: every frame.</param>
    /// <returns>Per frame: the 68 landmarks, or null where no face was found (or outside <paramref name="range"/>).</returns>
    public static async Task<Point2f[]?[]> ScanAsync(VideoFrameReader reader, FacePipeline faces, int jpegQuality, int workers,
        JpegSink sink, string progressStage, IProgress<StageProgress>? progress, CancellationToken cancellationToken,
        FrameRange? range = null)
    {
        var results = new Point2f[]?[reader.FrameCount];
        workers = Math.Max(1, workers);
        var channel = Channel.CreateBounded<List<VideoFrame>>(new BoundedChannelOptions(workers) { SingleWriter = true });
        // A failing worker cancels the decoder too, so neither side waits on the other forever.
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = failure.Token;
        var done = 0;
        var encodeParams = new[] { new ImageEncodingParam(ImwriteFlags.JpegQuality, jpegQuality) };

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
                            await sink(frame.Index, jpeg, token);
                            results[frame.Index] = tracker.Next(frame.Mat);
                        }
                    }
                    finally
                    {
                        foreach (var frame in run) frame.Dispose();
                    }
                    progress?.Report(new StageProgress(progressStage, Interlocked.Add(ref done, run.Count), reader.FrameCount));
                }
            }
            catch
            {
                await failure.CancelAsync();
                throw;
            }
        }

        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(Work, token)).ToArray();
        Exception? decodeError = null;
        var pending = new List<VideoFrame>(FramesPerRun);
        try
        {
            await foreach (var frame in reader.ReadFramesAsync(range, token))
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
            // Frames still queued when the scan stops early go back to the decoder's pool.
            await Task.WhenAll(tasks).ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var frame in pending) frame.Dispose();
            while (channel.Reader.TryRead(out var leftover)) leftover.ForEach(f => f.Dispose());
        }
        // Surface the first real failure: a worker's error, else the caller's cancellation, else the decoder's error.
        var failed = tasks.FirstOrDefault(t => t.IsFaulted);
        if (failed is not null) await failed;
        cancellationToken.ThrowIfCancellationRequested();
        if (decodeError is not null) ExceptionDispatchInfo.Throw(decodeError);
        return results;
    }
}
