namespace ATSync.Core.Media;

/// <summary>
/// The first video stream of a file (cover art excluded). <see cref="Width"/> and <see cref="Height"/> are as
/// displayed, i.e. after the rotation ffmpeg applies while decoding; <see cref="CodedWidth"/>/<see cref="CodedHeight"/>
/// are as stored.
/// </summary>
/// <param name="Rotation">Display rotation in degrees counter-clockwise, 0/90/180/270, as ffprobe reports the display
/// matrix (or the legacy "rotate" tag, which is clockwise, converted); ffmpeg applies it when decoding.</param>
/// <param name="AverageFrameRate">avg_frame_rate: frames / duration (lower than <paramref name="RealFrameRate"/> for VFR).</param>
/// <param name="RealFrameRate">r_frame_rate: the lowest rate that represents all timestamps exactly.</param>
/// <param name="Duration">The stream's duration (the container's when the stream has none, e.g. WebM).</param>
public sealed record VideoStreamInfo(
    string Codec,
    int Width,
    int Height,
    int CodedWidth,
    int CodedHeight,
    int Rotation,
    double AverageFrameRate,
    double RealFrameRate,
    TimeSpan Duration)
{
    /// <summary>The rate ATSync works at: every video is decoded to this constant rate.</summary>
    public const int WorkingFrameRate = 25;

    /// <summary>
    /// Frames that decoding at a constant 25 fps yields: round(duration x 25), as ffmpeg's fps filter does
    /// (measured on CFR, VFR, WebM and MPEG files; at most a frame or two off for MPEG program streams).
    /// </summary>
    public int FrameCountAt25Fps => Math.Max(1, (int)Math.Round(Duration.TotalSeconds * WorkingFrameRate, MidpointRounding.AwayFromZero));
}
