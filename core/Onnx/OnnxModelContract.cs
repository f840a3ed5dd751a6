using Microsoft.ML.OnnxRuntime;

namespace ATSync.Core.Onnx;

/// <summary>
/// The input/output signature a user-supplied ONNX model must have. <see cref="Open"/> loads the file and checks it,
/// so a wrong or broken file fails at once with a one-line message naming the file and the expected signature
/// (audio encoders, face detectors and landmark models all go through it).
/// </summary>
public sealed class OnnxModelContract(string modelName, IReadOnlyList<OnnxTensorSpec> inputs, IReadOnlyList<OnnxTensorSpec> outputs)
{
    public string ModelName { get; } = modelName;

    public IReadOnlyList<OnnxTensorSpec> Inputs { get; } = inputs;

    public IReadOnlyList<OnnxTensorSpec> Outputs { get; } = outputs;

    public string Signature => $"inputs {string.Join(", ", Inputs)} -> outputs {string.Join(", ", Outputs)}";

    /// <summary>A float32 contract: the common case (dimensions -1 = any size).</summary>
    public static OnnxModelContract Float(string modelName, IEnumerable<(string Name, int[] Dimensions)> inputs,
        IEnumerable<(string Name, int[] Dimensions)> outputs) =>
        new(modelName, [.. inputs.Select(i => new OnnxTensorSpec(i.Name, typeof(float), i.Dimensions))],
            [.. outputs.Select(o => new OnnxTensorSpec(o.Name, typeof(float), o.Dimensions))]);

    public InferenceSession Open(string path, SessionOptions? options = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{ModelName} model file not found: {path} (expected an ONNX model with {Signature})", path);
        InferenceSession session;
        try
        {
            session = options is null ? new InferenceSession(path) : new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException(
                $"{path} is not a readable ONNX model ({FirstLine(e.Message)}); expected a {ModelName} model with {Signature}", e);
        }
        var problem = FindMismatch(session);
        if (problem is not null)
        {
            session.Dispose();
            throw new InvalidDataException($"{path} is not a {ModelName} model: {problem}; expected {Signature}");
        }
        return session;
    }

    private string? FindMismatch(InferenceSession session)
    {
        // Missing expected inputs first: for the wrong kind of model that names what is missing, the clearest hint.
        var problem = Check(session.InputMetadata, Inputs, "input") ?? Check(session.OutputMetadata, Outputs, "output");
        if (problem is not null) return problem;
        foreach (var name in session.InputMetadata.Keys)
            if (Inputs.All(i => i.Name != name)) return $"it has an unexpected input '{name}'";
        return null;
    }

    private static string? Check(IReadOnlyDictionary<string, NodeMetadata> actual, IReadOnlyList<OnnxTensorSpec> expected, string role)
    {
        foreach (var spec in expected)
        {
            if (!actual.TryGetValue(spec.Name, out var meta))
                return $"it has no {role} '{spec.Name}' (its {role}s: {string.Join(", ", actual.Keys)})";
            string found = $"{spec.Name} {OnnxTensorSpec.TypeName(meta.ElementType)} [{string.Join(",", meta.Dimensions.Select(d => d < 0 ? "?" : d.ToString()))}]";
            if (!meta.IsTensor || meta.ElementType != spec.ElementType || meta.Dimensions.Length != spec.Dimensions.Length)
                return $"{role} is {found}";
            for (int d = 0; d < spec.Dimensions.Length; d++)
                if (spec.Dimensions[d] >= 0 && meta.Dimensions[d] >= 0 && spec.Dimensions[d] != meta.Dimensions[d])
                    return $"{role} is {found}";
        }
        return null;
    }

    private static string FirstLine(string message) =>
        message.Split('\n', 2)[0].Trim();
}
