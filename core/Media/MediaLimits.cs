using System.Globalization;

namespace ATSync.Core.Media;

/// <summary>
/// Bounds on what ATSync accepts, checked at probe time before anything is decoded: a small Opus file can decode to
/// gigabytes of PCM, and a huge frame size to gigabytes per second of raw frames. Refusals are <see cref="MediaException"/>s
/// (bad input: one line, no retry).
/// </summary>
public sealed record MediaLimits
{
    public static MediaLimits Default { get; } = new();

    /// <summary>The person's training video (`atsync process`).</summary>
    public TimeSpan MaxVideoDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The speech to lip-sync and the video it is rendered onto (`atsync infer`).</summary>
    public TimeSpan MaxSpeechDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Either side of the displayed picture.</summary>
    public int MaxVideoSide { get; init; } = 4096;

    /// <summary>Refuses a training video longer than <see cref="MaxVideoDuration"/> or larger than <see cref="MaxVideoSide"/>.</summary>
    public MediaInfo CheckTrainingVideo(MediaInfo info) => CheckSize(CheckDuration(info, MaxVideoDuration, "a training video"));

    /// <summary>Refuses speech longer than <see cref="MaxSpeechDuration"/>.</summary>
    public MediaInfo CheckSpeech(MediaInfo info) => CheckDuration(info, MaxSpeechDuration, "speech to lip-sync");

    /// <summary>Refuses a video to render onto that is longer than <see cref="MaxSpeechDuration"/> or too large.</summary>
    public MediaInfo CheckRenderVideo(MediaInfo info) => CheckSize(CheckDuration(info, MaxSpeechDuration, "a video to lip-sync"));

    private static MediaInfo CheckDuration(MediaInfo info, TimeSpan limit, string what)
    {
        if (info.Duration > limit)
            throw new MediaException(info.Path,
                $"lasts {Describe(info.Duration)}, longer than the {Describe(limit)} limit for {what}");
        return info;
    }

    private MediaInfo CheckSize(MediaInfo info)
    {
        if (info.Video is { } v && (v.Width > MaxVideoSide || v.Height > MaxVideoSide))
            throw new MediaException(info.Path, $"is {v.Width}x{v.Height}, larger than the {MaxVideoSide}x{MaxVideoSide} limit");
        return info;
    }

    private static string Describe(TimeSpan t) => t.TotalMinutes >= 1
        ? t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min"
        : t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
