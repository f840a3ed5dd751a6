using System.Runtime.InteropServices;

namespace ATSync.Core.Export;

/// <summary>
/// Builds one ONNX graph (default domain, opset 17): float32 inputs and outputs, float/int64 initializers and nodes,
/// encoded straight into ONNX's protobuf messages as they are added. Value names are made unique by the builder.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly string graphName;
    private readonly List<ProtobufWriter> nodes = [];
    private readonly List<ProtobufWriter> initializers = [];
    private readonly List<ProtobufWriter> inputs = [];
    private readonly List<ProtobufWriter> outputs = [];
    private readonly HashSet<string> names = [];
    private int nextId;

    public OnnxGraphBuilder(string graphName) => this.graphName = graphName;

    public int NodeCount => nodes.Count;

    /// <summary>Declares a float32 graph input.</summary>
    public string AddInput(string name, params OnnxDimension[] shape)
    {
        Claim(name);
        inputs.Add(ValueInfo(name, shape));
        return name;
    }

    /// <summary>Declares an existing value as a float32 graph output.</summary>
    public void AddOutput(string name, params OnnxDimension[] shape)
    {
        if (!names.Contains(name)) throw new InvalidOperationException($"graph output '{name}' is not produced by any node");
        outputs.Add(ValueInfo(name, shape));
    }

    /// <summary>A float32 constant tensor; returns its (unique) value name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> data, params long[] dims) =>
        AddInitializer(name, OnnxSchema.Tensor.Float, MemoryMarshal.AsBytes(data), data.Length, dims);

    /// <summary>An int64 constant tensor (shapes, axes); returns its (unique) value name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> data, params long[] dims) =>
        AddInitializer(name, OnnxSchema.Tensor.Int64, MemoryMarshal.AsBytes(data), data.Length, dims);

    /// <summary>A uint8 constant tensor (activation zero points); returns its (unique) value name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<byte> data, params long[] dims) =>
        AddInitializer(name, OnnxSchema.Tensor.UInt8, data, data.Length, dims);

    /// <summary>An int8 constant tensor (quantised weights and their zero points); returns its (unique) value name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<sbyte> data, params long[] dims) =>
        AddInitializer(name, OnnxSchema.Tensor.Int8, MemoryMarshal.AsBytes(data), data.Length, dims);

    /// <summary>An int32 constant tensor (quantised biases); returns its (unique) value name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<int> data, params long[] dims) =>
        AddInitializer(name, OnnxSchema.Tensor.Int32, MemoryMarshal.AsBytes(data), data.Length, dims);

    /// <summary>Declares an existing value as a float32 graph output of unknown shape (calibration probes).</summary>
    public void AddOutput(string name)
    {
        if (!names.Contains(name)) throw new InvalidOperationException($"graph output '{name}' is not produced by any node");
        outputs.Add(ValueInfo(name, null));
    }

    /// <summary>Adds a node with one output named after <paramref name="outputHint"/>; returns that output's name.</summary>
    public string AddNode(string opType, IReadOnlyList<string> nodeInputs, string outputHint, params OnnxAttribute[] attributes)
    {
        var output = Unique(outputHint);
        var node = new ProtobufWriter();
        foreach (var input in nodeInputs) node.WriteString(OnnxSchema.Node.Input, input);
        node.WriteString(OnnxSchema.Node.Output, output);
        node.WriteString(OnnxSchema.Node.Name, $"{opType}_{nodes.Count}");
        node.WriteString(OnnxSchema.Node.OpType, opType);
        foreach (var attribute in attributes) node.WriteMessage(OnnxSchema.Node.Attribute, attribute.Encode());
        nodes.Add(node);
        return output;
    }

    /// <summary>Writes the complete ModelProto (IR 8, opset 17) to <paramref name="destination"/>.</summary>
    public void WriteModel(Stream destination, string producerName, string producerVersion, string docString)
    {
        var graph = new ProtobufWriter();
        foreach (var node in nodes) graph.WriteMessage(OnnxSchema.Graph.Node, node);
        graph.WriteString(OnnxSchema.Graph.Name, graphName);
        foreach (var initializer in initializers) graph.WriteMessage(OnnxSchema.Graph.Initializer, initializer);
        foreach (var input in inputs) graph.WriteMessage(OnnxSchema.Graph.Input, input);
        foreach (var output in outputs) graph.WriteMessage(OnnxSchema.Graph.Output, output);

        var opset = new ProtobufWriter();
        opset.WriteString(OnnxSchema.OperatorSetId.Domain, "");
        opset.WriteInt64(OnnxSchema.OperatorSetId.Version, OnnxSchema.OpsetVersion);

        var model = new ProtobufWriter();
        model.WriteInt64(OnnxSchema.Model.IrVersion, OnnxSchema.IrVersion);
        model.WriteString(OnnxSchema.Model.ProducerName, producerName);
        model.WriteString(OnnxSchema.Model.ProducerVersion, producerVersion);
        model.WriteString(OnnxSchema.Model.DocString, docString);
        model.WriteMessage(OnnxSchema.Model.Graph, graph);
        model.WriteMessage(OnnxSchema.Model.OpsetImport, opset);
        model.CopyTo(destination);
    }

    private string AddInitializer(string name, long dataType, ReadOnlySpan<byte> raw, int count, long[] dims)
    {
        var expected = dims.Aggregate(1L, (a, b) => a * b);
        if (expected != count)
            throw new ArgumentException($"initializer '{name}' has {count} values but dims [{string.Join(", ", dims)}] need {expected}");
        var unique = Unique(name);
        var tensor = new ProtobufWriter();
        tensor.WritePackedInt64(OnnxSchema.Tensor.Dims, dims);
        tensor.WriteInt64(OnnxSchema.Tensor.DataType, dataType);
        tensor.WriteString(OnnxSchema.Tensor.Name, unique);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this machine is not");
        tensor.WriteBytes(OnnxSchema.Tensor.RawData, raw);
        initializers.Add(tensor);
        return unique;
    }

    private static ProtobufWriter ValueInfo(string name, OnnxDimension[]? shape)
    {
        var shapeMessage = new ProtobufWriter();
        foreach (var dimension in shape ?? [])
        {
            var dim = new ProtobufWriter();
            if (dimension.Symbol is { } symbol) dim.WriteString(OnnxSchema.Type.DimParam, symbol);
            else dim.WriteInt64(OnnxSchema.Type.DimValue, dimension.Size ?? throw new ArgumentException($"dimension of '{name}' has neither size nor name"));
            shapeMessage.WriteMessage(OnnxSchema.Type.Dim, dim);
        }
        var tensorType = new ProtobufWriter();
        tensorType.WriteInt64(OnnxSchema.Type.ElemType, OnnxSchema.Tensor.Float);
        if (shape is not null) tensorType.WriteMessage(OnnxSchema.Type.Shape, shapeMessage); // no shape: unknown rank
        var type = new ProtobufWriter();
        type.WriteMessage(OnnxSchema.Type.TensorType, tensorType);
        var valueInfo = new ProtobufWriter();
        valueInfo.WriteString(OnnxSchema.ValueInfo.Name, name);
        valueInfo.WriteMessage(OnnxSchema.ValueInfo.Type, type);
        return valueInfo;
    }

    private void Claim(string name)
    {
        if (!names.Add(name)) throw new InvalidOperationException($"value name '{name}' is already used in the graph");
    }

    private string Unique(string hint)
    {
        var name = hint;
        while (!names.Add(name)) name = $"{hint}_{++nextId}";
        return name;
    }
}
