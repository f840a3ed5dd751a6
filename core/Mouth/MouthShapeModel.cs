using System.Text.Json;
using System.Text.Json.Serialization;
using ATSync.Core.Audio;
using OpenCvSharp;

namespace ATSync.Core.Mouth;

/// <summary>
/// The first stage of the CPU profile: the audio around a frame -> where the speech-moved points
/// (<see cref="MouthPoints.Moving"/>) lie in the head's own frame (<see cref="MouthPoints.Offsets"/>). Kernel ridge regression (Gaussian
/// kernel on the standardised <see cref="MouthShapeInput"/>), fitted in closed form in seconds by
/// <see cref="MouthShapeFitter"/>; the image network then draws the person's mouth in that shape. Written beside the
/// checkpoint as <see cref="FileName"/>.
/// </summary>
public sealed record MouthShapeModel
{
    public const string FileName = "mouth_model.json";

    public int FormatVersion { get; init; } = 1;
    public required AudioFeatureKind Audio { get; init; }
    /// <summary>Kernel width: k(a, b) = exp(-|a - b|² / (2 · Width · inputs)).</summary>
    public required double Width { get; init; }
    public required double Lambda { get; init; }
    public required float[] InputMean { get; init; }
    public required float[] InputScale { get; init; }
    public required float[] OutputMean { get; init; }
    /// <summary>Standardised training inputs [centres, inputs], row-major.</summary>
    public required float[] Centres { get; init; }
    /// <summary>Dual weights [centres, outputs], row-major.</summary>
    public required float[] Coefficients { get; init; }
    /// <summary>Predictions are OutputMean + Gain x (the regression's deviation from it): the ridge shrinks the mouth's
    /// motion towards the mean (on obama_20s its predicted lip gap moves a third as much as the real one).</summary>
    public double Gain { get; init; } = 1;
    /// <summary>On the last fifth of the training frames, fitted on the rest: mean point error (hundredths of the
    /// outer-eye-corner distance) and the
    /// correlation of the predicted and real inner-lip gap.</summary>
    public double ValidationPointError { get; init; }
    public double ValidationOpeningCorrelation { get; init; }

    [JsonIgnore] public int InputLength => InputMean.Length;
    [JsonIgnore] public int OutputLength => OutputMean.Length;
    [JsonIgnore] public int CentreCount => Centres.Length / Math.Max(InputLength, 1);

    public static string PathBeside(string modelPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, FileName);

    /// <summary>The moving points for frame <paramref name="frame"/>, in crop coordinates, placed by the frame's own
    /// nose tip and eye corners (<paramref name="cropLandmarks"/>: its 68 landmarks in the crop).</summary>
    public Point2f[] Predict(AudioFeatures features, int frame, IReadOnlyList<Point2f> cropLandmarks)
    {
        if (features.Kind != Audio)
            throw new ArgumentException($"the mouth-shape model takes {Audio} features, not {features.Kind}");
        return MouthPoints.FromOffsets(PredictOffsets(MouthShapeInput.For(features, frame)), cropLandmarks);
    }

    /// <summary>The points in the head's frame (<see cref="MouthPoints.Offsets"/>) for one raw input.</summary>
    public double[] PredictOffsets(ReadOnlySpan<float> input)
    {
        if (input.Length != InputLength)
            throw new ArgumentException($"the mouth-shape model takes {InputLength} inputs, not {input.Length}");
        var x = new double[InputLength];
        for (var i = 0; i < InputLength; i++) x[i] = (input[i] - InputMean[i]) / InputScale[i];
        var output = new double[OutputLength];
        for (var c = 0; c < CentreCount; c++)
        {
            double distance = 0;
            var centre = Centres.AsSpan(c * InputLength, InputLength);
            for (var i = 0; i < InputLength; i++)
            {
                var d = x[i] - centre[i];
                distance += d * d;
            }
            var k = Math.Exp(-distance / (2 * Width * InputLength));
            for (var j = 0; j < OutputLength; j++) output[j] += k * Coefficients[c * OutputLength + j];
        }
        for (var j = 0; j < OutputLength; j++) output[j] = OutputMean[j] + Gain * output[j];
        return output;
    }

    /// <summary>Written to a temporary file and moved into place.</summary>
    public void Write(string path)
    {
        var partial = path + ".partial";
        File.WriteAllText(partial, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(partial, path, overwrite: true);
    }

    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a readable, consistent mouth-shape model.</exception>
    public static MouthShapeModel Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"mouth-shape model {path} does not exist", path);
        try
        {
            var model = JsonSerializer.Deserialize<MouthShapeModel>(File.ReadAllText(path), JsonOptions)
                        ?? throw new InvalidDataException($"{path} is empty");
            if (model.InputLength == 0 || model.InputScale.Length != model.InputLength
                || model.OutputLength != 2 * MouthPoints.Moving.Count
                || model.Centres.Length % model.InputLength != 0
                || model.Coefficients.Length != model.CentreCount * model.OutputLength)
                throw new InvalidDataException($"{path}: the mouth-shape model's arrays do not fit together");
            return model;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a readable mouth-shape model ({e.Message})", e);
        }
    }

    private static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
