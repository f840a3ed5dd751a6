namespace ATSync.Core.Export;

/// <summary>Makes every tapped activation an extra graph output, so one ONNX Runtime run yields all of them.</summary>
internal sealed class CalibrationProbeTaps(OnnxGraphBuilder builder) : ActivationTaps
{
    private readonly List<string> probes = [];
    private readonly List<string> scopes = [];

    /// <summary>The probe outputs in tap order.</summary>
    public IReadOnlyList<string> Probes => probes;

    /// <summary>Each tap's scope (the module path that produced it), in tap order.</summary>
    public IReadOnlyList<string> Scopes => scopes;

    /// <summary>The position of the tap feeding the float output block, or -1.</summary>
    public int FloatOutputFeed { get; private set; } = -1;

    public override void FeedsFloatOutput(string value) => FloatOutputFeed = probes.LastIndexOf(value);

    public override string Tap(string value, string scope)
    {
        if (!probes.Contains(value))
        {
            builder.AddOutput(value);
        }
        probes.Add(value);
        scopes.Add(scope);
        return value;
    }
}
