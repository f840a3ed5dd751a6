using System.Text.Json;
using System.Text.Json.Serialization;
using ATSync.Core.Audio;
using ATSync.Core.Faces;

namespace ATSync.Core.Datasets;

/// <summary>dataset.json: what a processed dataset holds and how it was made. Written last: its presence marks a
/// complete dataset.</summary>
public sealed record DatasetManifest
{
    public int FormatVersion { get; init; } = 1;
    public required SourceVideo Source { get; init; }
    public required int FrameCount { get; init; }
    public double Fps { get; init; } = 25;
    public required double DurationSeconds { get; init; }
    public required int FrameWidth { get; init; }
    public required int FrameHeight { get; init; }
    public required FeatureInfo Features { get; init; }
    public required LandmarkInfo Landmarks { get; init; }
    public required FaceQuality Faces { get; init; }
    public required IReadOnlyDictionary<string, double> StageSeconds { get; init; }
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;
    public string Tool { get; init; } = $"atsync {typeof(DatasetManifest).Assembly.GetName().Version}";

    public sealed record SourceVideo(string FileName, long Bytes, string Sha256, double DurationSeconds, string VideoCodec,
        int Width, int Height, int Rotation, double AverageFrameRate, string? AudioCodec, int? AudioSampleRate,
        int? AudioChannels);

    public sealed record FeatureInfo(AudioFeatureKind Kind, string File, int[] Shape, string? ModelFile);

    public sealed record LandmarkInfo(LandmarkScheme Scheme, int Points, string Detector, string Model);

    /// <param name="Coverage">Fraction of frames where a face was found (the rest were filled from neighbours).</param>
    /// <param name="CropJitter">Mean frame-to-frame movement of the crop centre, as a fraction of the crop side.</param>
    public sealed record FaceQuality(double Coverage, int FramesFilled, double CropJitter);

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task<DatasetManifest> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, JsonOptions, cancellationToken)
               ?? throw new InvalidDataException($"{path}: empty dataset manifest");
    }

    public async Task WriteAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, JsonOptions, cancellationToken);
    }
}
