using Microsoft.ML.OnnxRuntime;

namespace ATSync.Core.Faces.Onnx;

/// <summary>One input or output an ONNX model must have: its name and shape (-1 = any size).</summary>
internal readonly record struct OnnxTensorSpec(string Name, int[] Shape)
{
    public override string ToString() => $"{Name} [{string.Join(",", Shape.Select(d => d < 0 ? "?" : d.ToString()))}]";
}

/// <summary>
/// Opens an ONNX model a user pointed us at and checks it is the model we expect, so a wrong file fails at once with
/// a message naming the file and the expected signature instead of failing deep inside inference.
/// </summary>
internal static class OnnxModelLoader
{
    public static InferenceSession Open(string path, string modelKind, IReadOnlyList<OnnxTensorSpec> inputs, IReadOnlyList<OnnxTensorSpec> outputs)
    {
        string expected = $"inputs {string.Join(", ", inputs)}; outputs {string.Join(", ", outputs)}";
        if (!File.Exists(path))
            throw new FileNotFoundException($"The {modelKind} model '{path}' does not exist (expected an ONNX file with {expected}).", path);

        InferenceSession session;
        try
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                // Exported models often list initializers as inputs; ONNX Runtime warns once per tensor. Not our user's problem.
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            };
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable ONNX model ({e.Message.Trim()}); expected a {modelKind} with {expected}.", e);
        }

        try
        {
            Check(session.InputMetadata, inputs, "input");
            Check(session.OutputMetadata, outputs, "output");
        }
        catch (InvalidDataException e)
        {
            session.Dispose();
            string actual = $"inputs {Describe(session.InputMetadata)}; outputs {Describe(session.OutputMetadata)}";
            throw new InvalidDataException($"'{path}' is not a {modelKind} model: {e.Message}. Expected {expected}; the file has {actual}.");
        }
        return session;
    }

    private static void Check(IReadOnlyDictionary<string, NodeMetadata> actual, IReadOnlyList<OnnxTensorSpec> expected, string kind)
    {
        foreach (var spec in expected)
        {
            if (!actual.TryGetValue(spec.Name, out var meta)) throw new InvalidDataException($"it has no {kind} '{spec.Name}'");
            if (meta.ElementType != typeof(float)) throw new InvalidDataException($"its {kind} '{spec.Name}' is {meta.ElementType.Name}, not float32");
            int[] dims = meta.Dimensions;
            bool matches = dims.Length == spec.Shape.Length
                && dims.Zip(spec.Shape).All(p => p.First < 0 || p.Second < 0 || p.First == p.Second);
            if (!matches) throw new InvalidDataException($"its {kind} '{spec.Name}' has shape [{string.Join(",", dims)}]");
        }
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(n => $"{n.Key} [{string.Join(",", n.Value.Dimensions)}]"));
}
