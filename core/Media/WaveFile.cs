using System.Buffers.Binary;
using System.Text;

namespace ATSync.Core.Media;

/// <summary>
/// WAV files without ffmpeg: writes 16-bit PCM, reads PCM 8/16/24/32-bit and IEEE float 32/64 (plain or
/// WAVE_FORMAT_EXTENSIBLE). Integer samples map to floats as v / 2^(bits-1); floats are written as round(x x 32767)
/// clipped to [-1, 1].
/// </summary>
public static class WaveFile
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>Writes 16 kHz mono PCM16 (the dataset's aud.wav).</summary>
    public static void Write16kMono(string path, ReadOnlySpan<float> samples) => WritePcm16(path, samples, AudioDecoder.SampleRate, 1);

    /// <summary>Writes interleaved samples as PCM16 WAV.</summary>
    public static void WritePcm16(string path, ReadOnlySpan<float> samples, int sampleRate, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var dataBytes = checked(samples.Length * 2);
        var file = new byte[44 + dataBytes];
        var h = file.AsSpan();
        Encoding.ASCII.GetBytes("RIFF", h);
        BinaryPrimitives.WriteInt32LittleEndian(h[4..], 36 + dataBytes);
        Encoding.ASCII.GetBytes("WAVEfmt ", h[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], sampleRate * channels * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], 16);
        Encoding.ASCII.GetBytes("data", h[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[40..], dataBytes);
        var data = h[44..];
        for (var i = 0; i < samples.Length; i++)
        {
            var v = (short)Math.Round(Math.Clamp(samples[i], -1f, 1f) * 32767f);
            BinaryPrimitives.WriteInt16LittleEndian(data[(i * 2)..], v);
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllBytes(path, file);
    }

    /// <summary>Reads a WAV file; anything else, or an unsupported encoding, gives a <see cref="MediaException"/>.</summary>
    public static WaveAudio Read(string path)
    {
        MediaProbe.CheckFileIsThere(path);
        var bytes = File.ReadAllBytes(path);
        var s = bytes.AsSpan();
        if (s.Length < 12 || !s[..4].SequenceEqual("RIFF"u8) || !s[8..12].SequenceEqual("WAVE"u8))
            throw new MediaException(path, "not a WAV file (no RIFF/WAVE header)");

        ushort format = 0, channels = 0, bits = 0;
        var sampleRate = 0;
        var pos = 12;
        while (pos + 8 <= s.Length)
        {
            var id = s.Slice(pos, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(s[(pos + 4)..]);
            var body = pos + 8;
            // Streaming writers (ffmpeg to a pipe) leave the size at 0xFFFFFFFF: the data runs to the end of the file.
            var available = (int)Math.Min(size, (uint)(s.Length - body));
            if (id.SequenceEqual("fmt "u8))
            {
                if (available < 16) throw new MediaException(path, "WAV fmt chunk is too short");
                var fmt = s.Slice(body, available);
                format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(fmt[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
                if (format == FormatExtensible && available >= 26) format = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels == 0 || sampleRate <= 0) throw new MediaException(path, "WAV data chunk comes before a valid fmt chunk");
                var sizeToEnd = size == uint.MaxValue ? s.Length - body : available;
                var samples = Decode(path, s.Slice(body, sizeToEnd), format, bits);
                var whole = samples.Length / channels * channels;
                return new WaveAudio(sampleRate, channels, whole == samples.Length ? samples : samples[..whole]);
            }

            pos = body + available + (int)(size & 1);
        }

        throw new MediaException(path, "WAV file has no data chunk");
    }

    private static float[] Decode(string path, ReadOnlySpan<byte> data, ushort format, ushort bits)
    {
        switch (format, bits)
        {
            case (FormatPcm, 8):
            {
                var r = new float[data.Length];
                for (var i = 0; i < r.Length; i++) r[i] = (data[i] - 128) / 128f;
                return r;
            }
            case (FormatPcm, 16):
            {
                var r = new float[data.Length / 2];
                for (var i = 0; i < r.Length; i++) r[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]) / 32768f;
                return r;
            }
            case (FormatPcm, 24):
            {
                var r = new float[data.Length / 3];
                for (var i = 0; i < r.Length; i++)
                {
                    var v = data[i * 3] | data[i * 3 + 1] << 8 | (sbyte)data[i * 3 + 2] << 16;
                    r[i] = v / 8388608f;
                }

                return r;
            }
            case (FormatPcm, 32):
            {
                var r = new float[data.Length / 4];
                for (var i = 0; i < r.Length; i++) r[i] = (float)(BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]) / 2147483648.0);
                return r;
            }
            case (FormatFloat, 32):
            {
                var r = new float[data.Length / 4];
                for (var i = 0; i < r.Length; i++) r[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
                return r;
            }
            case (FormatFloat, 64):
            {
                var r = new float[data.Length / 8];
                for (var i = 0; i < r.Length; i++) r[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
                return r;
            }
            default:
                throw new MediaException(path, $"unsupported WAV encoding (format tag {format}, {bits} bits); convert it with AudioDecoder (ffmpeg)");
        }
    }
}
