namespace ATSync.Tests.Media;

/// <summary>Damaged copies of real files, made the way they happen in practice (interrupted copies, wrong files).</summary>
internal static class BrokenMedia
{
    /// <summary>The first half of an mp4 whose index (moov) is at the start: it probes fine but its data stops midway.</summary>
    public static string FirstHalfOfFastStart(string source, string name) => TestMedia.Make(name, p =>
    {
        var faststart = Path.Combine(TestMedia.Folder, "faststart_" + name);
        TestMedia.Ffmpeg("-i", source, "-c", "copy", "-movflags", "+faststart", faststart);
        Cut(faststart, p, 0, new FileInfo(faststart).Length / 2);
    });

    /// <summary>The first half of an mp4 whose index is at the end (ffmpeg's default): the moov atom is gone.</summary>
    public static string FirstHalf(string source, string name) => TestMedia.Make(name, p => Cut(source, p, 0, new FileInfo(source).Length / 2));

    /// <summary>The mp4 without its first 4 KiB (ftyp and the start of the data).</summary>
    public static string WithoutHead(string source, string name) => TestMedia.Make(name, p => Cut(source, p, 4096, new FileInfo(source).Length - 4096));

    public static string Empty => TestMedia.Make("empty.mp4", p => File.WriteAllBytes(p, []));

    public static string TextNamedMp4 => TestMedia.Make("notes.mp4", p => File.WriteAllText(p, "These are meeting notes, not a video.\n"));

    private static void Cut(string source, string target, long offset, long count)
    {
        using var input = File.OpenRead(source);
        using var output = File.Create(target);
        input.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[count];
        input.ReadExactly(buffer);
        output.Write(buffer);
    }
}
