using ATSync.Core.Media;
using ATSync.Tests.Support;
using OpenCvSharp;

namespace ATSync.Tests.Media;

[Collection(MediaCollection.Name)]
public sealed class VideoFrameReaderTests
{
    [Fact]
    public async Task H264At30Fps_GivesExactly125FramesAt25Fps()
    {
        var reader = await VideoFrameReader.OpenAsync(TestMedia.H264At30Fps5s);

        var (count, indicesInOrder) = await CountAsync(reader);

        Assert.Equal(125, reader.FrameCount);
        Assert.Equal(125, count);
        Assert.True(indicesInOrder);
    }

    [Fact]
    public async Task Vp9Webm_GivesTheAnnouncedFrameCount()
    {
        var reader = await VideoFrameReader.OpenAsync(TestMedia.Vp9Webm);

        var (count, _) = await CountAsync(reader);

        Assert.Equal(108, reader.FrameCount);
        Assert.Equal(reader.FrameCount, count);
    }

    [Fact]
    public async Task RotatedVideo_IsDecodedUpright()
    {
        var reader = await VideoFrameReader.OpenAsync(TestMedia.RedTopBlueBottomRotated90);
        Assert.Equal((240, 320), (reader.Width, reader.Height));

        await foreach (var frame in reader.ReadFramesAsync())
        {
            using (frame)
            {
                Assert.Equal((240, 320), (frame.Width, frame.Height));
                // The stored top (red) is turned 90 degrees counter-clockwise, to the left; blue to the right.
                AssertNear(new Vec3b(0, 0, 255), frame.Mat.At<Vec3b>(160, 20));
                AssertNear(new Vec3b(255, 0, 0), frame.Mat.At<Vec3b>(160, 220));
            }
        }
    }

    [Fact]
    public async Task OddSize361x287_HasPackedRowsAndExactColours()
    {
        var reader = await VideoFrameReader.OpenAsync(TestMedia.OddSizeGreenMagenta);
        Assert.Equal((361, 287), (reader.Width, reader.Height));
        var frames = 0;

        await foreach (var frame in reader.ReadFramesAsync())
        {
            using (frame)
            {
                Assert.Equal(361 * 3, frame.Stride);
                Assert.Equal(361 * 287 * 3, frame.Pixels.Length);
                var px = frame.Pixels.Span;
                // Every row: columns 0..179 green, 180..360 magenta. A wrong stride shifts the boundary row by row.
                for (var y = 0; y < 287; y++)
                {
                    AssertNear(new Vec3b(0, 255, 0), Pixel(px, y, 0));
                    AssertNear(new Vec3b(0, 255, 0), Pixel(px, y, 178));
                    AssertNear(new Vec3b(255, 0, 255), Pixel(px, y, 181));
                    AssertNear(new Vec3b(255, 0, 255), Pixel(px, y, 360));
                }

                // The Mat view agrees with the bytes.
                AssertNear(new Vec3b(255, 0, 255), frame.Mat.At<Vec3b>(286, 360));
                frames++;
            }
        }

        Assert.Equal(50, frames);
    }

    [Fact]
    public async Task TruncatedMp4_FailsWithMediaExceptionInsteadOfEndingEarly()
    {
        var half = BrokenMedia.FirstHalfOfFastStart(TestMedia.H264At30Fps5s, "half_faststart.mp4");
        var reader = await VideoFrameReader.OpenAsync(half);
        Assert.Equal(125, reader.FrameCount); // the index still promises the whole video
        var seen = 0;

        var e = await Assert.ThrowsAsync<MediaException>(async () =>
        {
            await foreach (var frame in reader.ReadFramesAsync())
            {
                frame.Dispose();
                seen++;
            }
        });

        MediaProbeTests.AssertOneLineNaming(half, e);
        Assert.Contains("of 125", e.Message);
        Assert.Contains("truncated or corrupt", e.Message);
        Assert.InRange(seen, 1, 122);
    }

    [Fact]
    public async Task Cancellation_StopsDecoding()
    {
        var reader = await VideoFrameReader.OpenAsync(TestMedia.H264At30Fps5s);
        using var cts = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in reader.ReadFramesAsync(cts.Token))
            {
                frame.Dispose();
                if (++seen == 10) cts.Cancel();
            }
        });

        Assert.InRange(seen, 10, 11);
    }

    [Fact]
    public async Task FramesKeptAfterTheNextOne_StayIntact()
    {
        // Frames are pooled: a frame not yet disposed must not be overwritten by later frames.
        var reader = await VideoFrameReader.OpenAsync(TestMedia.H264At30Fps5s);
        var kept = new List<(VideoFrame Frame, byte[] Copy)>();

        await foreach (var frame in reader.ReadFramesAsync())
        {
            if (frame.Index % 20 == 0) kept.Add((frame, frame.Pixels.ToArray()));
            else frame.Dispose();
        }

        Assert.Equal(7, kept.Count);
        foreach (var (frame, copy) in kept)
        {
            Assert.True(frame.Pixels.Span.SequenceEqual(copy), $"frame {frame.Index} changed after later frames were decoded");
            frame.Dispose();
        }

        // testsrc2 moves: frames 0 and 20 differ, so the check above is meaningful.
        Assert.False(kept[0].Copy.AsSpan().SequenceEqual(kept[1].Copy));
    }

    [SkippableFact]
    public async Task VariableFrameRateClip_GivesRoundedDurationTimes25()
    {
        var path = SharedAssets.Media("vfr_6s.mp4");
        var reader = await VideoFrameReader.OpenAsync(path);

        var (count, _) = await CountAsync(reader);

        var expected = (int)Math.Round(reader.Video.Duration.TotalSeconds * 25);
        Assert.InRange(count, expected - 1, expected + 1);
        Assert.Equal(reader.FrameCount, count);
    }

    [SkippableFact]
    public async Task PortraitHevc_DecodesUpright1080x1920()
    {
        var reader = await VideoFrameReader.OpenAsync(SharedAssets.Media("portrait_hevc_20s.mp4"));

        var (count, _) = await CountAsync(reader);

        Assert.Equal((1080, 1920), (reader.Width, reader.Height));
        Assert.Equal(502, count);
    }

    [SkippableFact]
    public async Task GridMpeg1_Gives75Frames()
    {
        var reader = await VideoFrameReader.OpenAsync(SharedAssets.Media("grid_bbaf2n.mpg"));

        var (count, _) = await CountAsync(reader);

        Assert.Equal("mpeg1video", reader.Video.Codec);
        Assert.Equal((360, 288), (reader.Width, reader.Height));
        Assert.Equal(75, count);
    }

    [SkippableFact]
    public async Task RealMp4CutInHalf_FailsWithMediaException()
    {
        var half = BrokenMedia.FirstHalfOfFastStart(SharedAssets.Media("obama_20s.mp4"), "obama_half_faststart.mp4");
        var reader = await VideoFrameReader.OpenAsync(half);

        var e = await Assert.ThrowsAsync<MediaException>(() => CountAsync(reader));

        Assert.Contains("of 500: the file is truncated or corrupt", e.Message);
        Assert.Contains("partial file", e.Message);
    }

    private static async Task<(int Count, bool IndicesInOrder)> CountAsync(VideoFrameReader reader)
    {
        var count = 0;
        var inOrder = true;
        await foreach (var frame in reader.ReadFramesAsync())
        {
            using (frame)
            {
                inOrder &= frame.Index == count;
                Assert.Equal((reader.Width, reader.Height), (frame.Mat.Width, frame.Mat.Height));
                count++;
            }
        }

        return (count, inOrder);
    }

    private static Vec3b Pixel(ReadOnlySpan<byte> bgr, int y, int x)
    {
        var i = (y * 361 + x) * 3;
        return new Vec3b(bgr[i], bgr[i + 1], bgr[i + 2]);
    }

    private static void AssertNear(Vec3b expected, Vec3b actual, int tolerance = 6)
    {
        for (var c = 0; c < 3; c++)
            Assert.True(Math.Abs(expected[c] - actual[c]) <= tolerance, $"expected BGR {expected} but got {actual}");
    }
}
