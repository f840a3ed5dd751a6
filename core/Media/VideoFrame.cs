using OpenCvSharp;

namespace ATSync.Core.Media;

/// <summary>
/// One decoded frame: packed BGR24, <see cref="Stride"/> = Width x 3 bytes per row, no padding (odd widths too).
/// Ownership: the frame lends a pooled buffer. Dispose it when done (the buffer goes back to the reader's pool);
/// <see cref="Mat"/> and <see cref="Pixels"/> are views of that buffer and are invalid after Dispose. Keep a frame
/// longer with <see cref="CloneMat"/>. An undisposed frame is only a lost reuse, not a leak.
/// </summary>
public sealed class VideoFrame : IDisposable
{
    private readonly FrameBufferPool _pool;
    private FrameBuffer? _buffer;

    internal VideoFrame(FrameBufferPool pool, FrameBuffer buffer, int index)
    {
        _pool = pool;
        _buffer = buffer;
        Index = index;
    }

    /// <summary>0-based frame number at 25 fps (frame i shows time i / 25 s).</summary>
    public int Index { get; }

    public int Width => _pool.Width;

    public int Height => _pool.Height;

    public int Stride => _pool.Width * 3;

    /// <summary>A CV_8UC3 Mat viewing this frame's buffer (no copy). Do not dispose it; dispose the frame.</summary>
    public Mat Mat => Buffer.Mat;

    /// <summary>The BGR24 bytes, row-major, Height x Stride.</summary>
    public Memory<byte> Pixels => Buffer.Bytes.AsMemory(0, _pool.ByteCount);

    /// <summary>An independent copy of the frame that the caller owns.</summary>
    public Mat CloneMat() => Buffer.Mat.Clone();

    public void Dispose()
    {
        var b = Interlocked.Exchange(ref _buffer, null);
        if (b is not null) _pool.Return(b);
    }

    private FrameBuffer Buffer => _buffer ?? throw new ObjectDisposedException(nameof(VideoFrame), $"frame {Index} was disposed; its pixels went back to the pool");
}
