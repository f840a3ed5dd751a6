using System.Collections.Concurrent;
using OpenCvSharp;

namespace ATSync.Core.Media;

/// <summary>
/// Reusable frame buffers of one size. Each buffer is a pinned array (pinned object heap, so it never moves) with an
/// OpenCV Mat header over it made once: handing a frame to OpenCV costs no copy and no per-frame native allocation.
/// </summary>
internal sealed class FrameBufferPool : IDisposable
{
    private readonly ConcurrentBag<FrameBuffer> _free = new();
    private volatile bool _disposed;

    public FrameBufferPool(int width, int height)
    {
        Width = width;
        Height = height;
        ByteCount = checked(width * height * 3);
    }

    public int Width { get; }

    public int Height { get; }

    public int ByteCount { get; }

    public FrameBuffer Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _free.TryTake(out var b) ? b : new FrameBuffer(Width, Height, ByteCount);
    }

    public void Return(FrameBuffer buffer)
    {
        if (_disposed) buffer.Dispose();
        else _free.Add(buffer);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_free.TryTake(out var b)) b.Dispose();
    }
}

/// <summary>One pinned BGR24 buffer and the Mat header that views it.</summary>
internal sealed class FrameBuffer : IDisposable
{
    public unsafe FrameBuffer(int width, int height, int byteCount)
    {
        Bytes = GC.AllocateUninitializedArray<byte>(byteCount, pinned: true);
        fixed (byte* p = Bytes) Mat = Mat.FromPixelData(height, width, MatType.CV_8UC3, (IntPtr)p, width * 3L);
    }

    public byte[] Bytes { get; }

    public Mat Mat { get; }

    public void Dispose() => Mat.Dispose();
}
