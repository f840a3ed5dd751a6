using System.Security.Cryptography;

namespace ATSync.Pipeline.Starting;

/// <summary>
/// A request body read on its way into blob storage, never held in memory whole: it counts what passes and fails the
/// read (so the upload is never committed) once more than <c>limit</c> bytes came. Opened with its first bytes already
/// read, so an empty body is refused before any blob is written. It also hashes what passes (MD5, the blob service's
/// Content-MD5), so the upload's content hash is known without reading the blob back.
/// </summary>
public sealed class BoundedUploadStream : Stream
{
    private const int PeekSize = 64 * 1024;
    private readonly Stream _body;
    private readonly long _limit;
    private readonly string _what;
    private readonly byte[] _head;
    private readonly int _headLength;
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private int _headPosition;
    private long _read;

    private BoundedUploadStream(Stream body, long limit, string what, byte[] head, int headLength)
    {
        _body = body;
        _limit = limit;
        _what = what;
        _head = head;
        _headLength = headLength;
        _read = headLength;
        _md5.AppendData(head, 0, headLength);
    }

    /// <summary>MD5 of everything read (call once the stream is read to its end).</summary>
    public byte[] ContentMd5() => _md5.GetCurrentHash();

    /// <summary>Bytes passed on so far.</summary>
    public long BytesRead => _read;

    /// <summary>Opens <paramref name="body"/>; an empty one is a <see cref="PipelineInputException"/> naming <paramref name="what"/>.</summary>
    public static async Task<BoundedUploadStream> OpenAsync(Stream body, long limit, string what, CancellationToken cancellationToken)
    {
        var head = new byte[PeekSize];
        var length = await body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (length == 0) throw new PipelineInputException($"the request body is empty: send the {what} as the body");
        var stream = new BoundedUploadStream(body, limit, what, head, length);
        stream.CheckLimit();
        return stream;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_headPosition < _headLength)
        {
            var fromHead = Math.Min(buffer.Length, _headLength - _headPosition);
            _head.AsMemory(_headPosition, fromHead).CopyTo(buffer);
            _headPosition += fromHead;
            return fromHead;
        }
        var read = await _body.ReadAsync(buffer, cancellationToken);
        _read += read;
        CheckLimit();
        _md5.AppendData(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    private void CheckLimit()
    {
        if (_read > _limit) throw new PipelineInputException($"the {_what} is larger than {_limit / (1024 * 1024)} MB");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _md5.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
