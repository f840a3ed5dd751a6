namespace ATSync.Core.Onnx;

/// <summary>An expected model input or output: name, element type and dimensions (-1 = any size).</summary>
public sealed record OnnxTensorSpec(string Name, Type ElementType, int[] Dimensions)
{
    public override string ToString() =>
        $"{Name} {TypeName(ElementType)} [{string.Join(",", Dimensions.Select(d => d < 0 ? "?" : d.ToString()))}]";

    internal static string TypeName(Type type) =>
        type == typeof(float) ? "float32" : type == typeof(long) ? "int64" : type.Name;
}
