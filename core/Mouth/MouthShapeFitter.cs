using ATSync.Core.Audio;
using OpenCvSharp;

namespace ATSync.Core.Mouth;

/// <summary>
/// Fits a <see cref="MouthShapeModel"/> on a person's training frames, with a fixed kernel width and penalty. Choosing
/// them per person on the last fifth of the training frames was tried and lost: that block is too short to rank them
/// (on obama_20s it picked a model whose held-out point error was worse than the constant mean mouth). The fixed pair
/// was the best of a 5 x 4 grid on the held-out tails of obama_20s and portrait_hevc_20s (inner-lip-gap r 0.61 / 0.29,
/// point error below the mean mouth on both); a linear ridge on the same inputs reached r 0.47 on obama_20s. The fit is
/// still scored on that last fifth (fitted on the rest) for the model's record, then refitted on all frames.
/// </summary>
public static class MouthShapeFitter
{
    /// <summary>At most this many training frames become kernel centres (evenly spaced): fitting is cubic in them.</summary>
    public const int MaxCentres = 1500;

    /// <summary>Two to fit and two to score the fit on, at the least (a useful model needs hundreds).</summary>
    public const int MinimumFrames = 4;

    public const double KernelWidth = 0.5;
    public const double Penalty = 10;

    /// <summary>
    /// <see cref="MouthShapeModel.Gain"/> of a fitted model. The ridge's predictions move the mouth a third as much as the
    /// real one does (obama_20s: predicted/real lip-gap spread 0.32 on the training frames), so the image network
    /// draws nearly closed mouths and the landmark detector reads the small openings noisily. 1.5 on obama_20s (held
    /// out, 8-epoch CPU-profile model, `atsync eval`): opening r 0.56 -> 0.62, SSIM 0.701 -> 0.705, LMD 0.026 ->
    /// 0.025; 2.0 went too far (r 0.59, SSIM 0.694). A gain fitted per person on the validation block was too noisy to
    /// use (2.6 on obama_20s, negative on news_5s).
    /// </summary>
    public const double Gain = 1.5;

    /// <param name="landmarks">Every frame's iBUG-68 landmarks in crop coordinates (<see cref="CropLandmarks"/>).</param>
    /// <param name="trainFrames">The frames it may learn from.</param>
    public static MouthShapeModel Fit(AudioFeatures features, IReadOnlyList<Point2f[]> landmarks, IReadOnlyList<int> trainFrames,
        CancellationToken cancellationToken = default)
    {
        if (trainFrames.Count < MinimumFrames) throw new ArgumentException($"the mouth-shape model needs at least {MinimumFrames} training frames, got {trainFrames.Count}");
        var ordered = trainFrames.Order().ToArray();
        if (ordered.Length > MaxCentres)
            ordered = Enumerable.Range(0, MaxCentres).Select(i => ordered[(int)((long)i * ordered.Length / MaxCentres)]).ToArray();
        var inputs = ordered.Select(f => MouthShapeInput.For(features, f)).ToArray();
        var targets = ordered.Select(f => MouthPoints.Offsets(landmarks[f])).ToArray();
        return Fit(features.Kind, inputs, targets, cancellationToken);
    }

    /// <summary>Fits on given inputs (<see cref="MouthShapeInput"/>) and targets (<see cref="MouthPoints.Offsets"/>), in time order.</summary>
    public static MouthShapeModel Fit(AudioFeatureKind kind, float[][] inputs, double[][] targets, CancellationToken cancellationToken = default)
    {
        if (inputs.Length != targets.Length || inputs.Length < MinimumFrames)
            throw new ArgumentException($"the mouth-shape model needs at least {MinimumFrames} input/target pairs, got {inputs.Length}/{targets.Length}");
        var split = inputs.Length - Math.Max(inputs.Length / 5, 2);
        var held = Build(kind, inputs[..split], targets[..split], KernelWidth, Penalty);
        cancellationToken.ThrowIfCancellationRequested();
        var (error, opening) = Score(held, inputs[split..], targets[split..]);
        return Build(kind, inputs, targets, KernelWidth, Penalty) with
        {
            ValidationPointError = error,
            ValidationOpeningCorrelation = opening,
        };
    }

    /// <summary>Mean point distance (hundredths of the outer-eye-corner distance, <see cref="MouthPoints.Offsets"/>) and the
    /// correlation of predicted and real inner-lip gap.</summary>
    public static (double PointError, double OpeningCorrelation) Score(MouthShapeModel model, float[][] inputs, double[][] targets)
    {
        double error = 0;
        var predicted = new double[inputs.Length];
        var actual = new double[inputs.Length];
        for (var s = 0; s < inputs.Length; s++)
        {
            var offsets = model.PredictOffsets(inputs[s]);
            for (var p = 0; p < offsets.Length / 2; p++)
                error += Math.Sqrt(Math.Pow(offsets[2 * p] - targets[s][2 * p], 2) + Math.Pow(offsets[2 * p + 1] - targets[s][2 * p + 1], 2));
            predicted[s] = MouthPoints.InnerGap(offsets);
            actual[s] = MouthPoints.InnerGap(targets[s]);
        }
        return (error / (inputs.Length * (targets[0].Length / 2)), Pearson(predicted, actual));
    }

    private static MouthShapeModel Build(AudioFeatureKind kind, float[][] inputs, double[][] targets, double width, double lambda)
    {
        int n = inputs.Length, d = inputs[0].Length, k = targets[0].Length;
        var mean = new double[d];
        var scale = new double[d];
        foreach (var x in inputs)
            for (var i = 0; i < d; i++) mean[i] += x[i] / n;
        foreach (var x in inputs)
            for (var i = 0; i < d; i++) scale[i] += (x[i] - mean[i]) * (x[i] - mean[i]) / n;
        for (var i = 0; i < d; i++) scale[i] = Math.Sqrt(scale[i]) + 1e-6; // a constant input (silence padding) stays 0
        var outputMean = new double[k];
        foreach (var y in targets)
            for (var j = 0; j < k; j++) outputMean[j] += y[j] / n;

        var centres = new float[n * d];
        for (var s = 0; s < n; s++)
            for (var i = 0; i < d; i++) centres[s * d + i] = (float)((inputs[s][i] - mean[i]) / scale[i]);
        var gram = new double[n * n];
        for (var a = 0; a < n; a++)
        {
            var ca = centres.AsSpan(a * d, d);
            for (var b = a; b < n; b++)
            {
                var cb = centres.AsSpan(b * d, d);
                double distance = 0;
                for (var i = 0; i < d; i++)
                {
                    double diff = ca[i] - cb[i];
                    distance += diff * diff;
                }
                gram[a * n + b] = gram[b * n + a] = Math.Exp(-distance / (2 * width * d));
            }
            gram[a * n + a] += lambda;
        }
        var coefficients = new double[n * k];
        for (var s = 0; s < n; s++)
            for (var j = 0; j < k; j++) coefficients[s * k + j] = targets[s][j] - outputMean[j];
        CholeskySolver.SolveInPlace(gram, n, coefficients, k);
        return new MouthShapeModel
        {
            Audio = kind,
            Width = width,
            Lambda = lambda,
            Gain = Gain,
            InputMean = mean.Select(v => (float)v).ToArray(),
            InputScale = scale.Select(v => (float)v).ToArray(),
            OutputMean = outputMean.Select(v => (float)v).ToArray(),
            Centres = centres,
            Coefficients = coefficients.Select(v => (float)v).ToArray(),
        };
    }

    private static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa <= 1e-12 || sbb <= 1e-12 ? 0 : sab / Math.Sqrt(saa * sbb); // a constant series (up to rounding) does not correlate
    }
}
