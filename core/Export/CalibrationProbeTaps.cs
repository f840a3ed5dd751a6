namespace ATSync.Core.Export;

/// <summary>Makes every tapped activation an extra graph output, so one ONNX Runtime run yields all of them.</summary>
internal sealed class CalibrationProbeTaps(OnnxGraphBuilder builder) : ActivationTaps
{
    private readonly List<string> probes = [];

    /// <summary>The probe outputs in tap order.</summary>
    public IReadOnlyList<string> Probes => probes;

    public override string Tap(string value, string scope)
    {
        if (!probes.Contains(value))
        {
            builder.AddOutput(value);
        }
        probes.Add(value);
        return value;
    }
}
