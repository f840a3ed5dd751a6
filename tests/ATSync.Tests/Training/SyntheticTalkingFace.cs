using ATSync.Core.Audio;
using ATSync.Core.Training;

namespace ATSync.Tests.Training;

/// <summary>
/// A synthetic "person": a flat skin-coloured crop with a dark elliptic mouth whose height follows a known 1-D signal,
/// and HuBERT-shaped feature rows that carry that signal (signal x a fixed random pattern). A model that learns the
/// audio -> mouth mapping must draw the right opening on frames it never saw.
/// </summary>
internal sealed class SyntheticTalkingFace
{
    public const int Size = TrainingSet.CropSize;
    public const int MouthCenterX = 80;
    public const int MouthCenterY = 92;
    public const int MouthHalfWidth = 36;
    public const int MaxMouthHalfHeight = 30;

    // BGR
    public static readonly byte[] Skin = [110, 150, 205];
    public static readonly byte[] Mouth = [40, 30, 110];

    public SyntheticTalkingFace(int frames, int seed)
    {
        Opening = Enumerable.Range(0, frames).Select(OpeningAt).ToArray();
        Crops = new byte[frames * TrainingSet.CropBytes];
        for (var i = 0; i < frames; i++) Draw(Opening[i], Crops.AsSpan(i * TrainingSet.CropBytes, TrainingSet.CropBytes));

        var random = new Random(seed);
        const int rowLength = 2 * 1024;
        var pattern = Enumerable.Range(0, rowLength).Select(_ => random.NextDouble() < 0.5 ? -1f : 1f).ToArray();
        var data = new float[frames * rowLength];
        for (var i = 0; i < frames; i++)
        for (var k = 0; k < rowLength; k++)
            data[i * rowLength + k] = (float)(2 * Opening[i] - 1) * pattern[k];
        Features = new AudioFeatures(AudioFeatureKind.Hubert, data, [frames, 2, 1024]);
    }

    /// <summary>True mouth opening per frame in [0, 1].</summary>
    public double[] Opening { get; }

    public byte[] Crops { get; }

    public AudioFeatures Features { get; }

    /// <summary>A smooth "speech-like" signal: two incommensurate sines, clamped to [0, 1].</summary>
    private static double OpeningAt(int frame) =>
        Math.Clamp(0.5 + 0.35 * Math.Sin(2 * Math.PI * frame / 13.0) + 0.2 * Math.Sin(2 * Math.PI * frame / 4.7 + 1), 0, 1);

    private static void Draw(double opening, Span<byte> crop)
    {
        var halfHeight = 2 + (MaxMouthHalfHeight - 2) * opening;
        for (var y = 0; y < Size; y++)
        for (var x = 0; x < Size; x++)
        {
            var dx = (x - MouthCenterX) / (double)MouthHalfWidth;
            var dy = (y - MouthCenterY) / halfHeight;
            var colour = dx * dx + dy * dy <= 1 ? Mouth : Skin;
            for (var c = 0; c < 3; c++) crop[(c * Size + y) * Size + x] = colour[c];
        }
    }

    /// <summary>
    /// Mouth opening read back from a predicted crop ([3,160,160] floats in [0,1], planar BGR): the red channel's
    /// darkness relative to skin, summed down the mouth's centre columns, as a fraction of the widest mouth.
    /// </summary>
    public static double MeasureOpening(ReadOnlySpan<float> crop)
    {
        const int red = 2;
        var skin = Skin[red] / 255.0;
        var mouth = Mouth[red] / 255.0;
        double darkRows = 0;
        const int halfBand = 6;
        for (var y = MouthCenterY - MaxMouthHalfHeight - 4; y <= MouthCenterY + MaxMouthHalfHeight + 4; y++)
        {
            double rowDarkness = 0;
            for (var x = MouthCenterX - halfBand; x <= MouthCenterX + halfBand; x++)
                rowDarkness += Math.Clamp((skin - crop[(red * Size + y) * Size + x]) / (skin - mouth), 0, 1);
            darkRows += rowDarkness / (2 * halfBand + 1);
        }
        return darkRows / (2.0 * MaxMouthHalfHeight);
    }
}
