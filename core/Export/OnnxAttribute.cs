namespace ATSync.Core.Export;

/// <summary>One node attribute (int, ints, float, floats or string), as ONNX's AttributeProto.</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, long type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    private long Type { get; }
    private long IntValue { get; init; }
    private long[] IntValues { get; init; } = [];
    private float FloatValue { get; init; }
    private float[] FloatValues { get; init; } = [];
    private string StringValue { get; init; } = "";

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxSchema.Attribute.TypeInt) { IntValue = value };
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxSchema.Attribute.TypeInts) { IntValues = values };
    public static OnnxAttribute Float(string name, float value) => new(name, OnnxSchema.Attribute.TypeFloat) { FloatValue = value };
    public static OnnxAttribute Floats(string name, params float[] values) => new(name, OnnxSchema.Attribute.TypeFloats) { FloatValues = values };
    public static OnnxAttribute String(string name, string value) => new(name, OnnxSchema.Attribute.TypeString) { StringValue = value };

    internal ProtobufWriter Encode()
    {
        var message = new ProtobufWriter();
        message.WriteString(OnnxSchema.Attribute.Name, Name);
        message.WriteInt64(OnnxSchema.Attribute.Type, Type);
        switch (Type)
        {
            case OnnxSchema.Attribute.TypeInt: message.WriteInt64(OnnxSchema.Attribute.I, IntValue); break;
            case OnnxSchema.Attribute.TypeInts: message.WritePackedInt64(OnnxSchema.Attribute.Ints, IntValues); break;
            case OnnxSchema.Attribute.TypeFloat: message.WriteFloat(OnnxSchema.Attribute.F, FloatValue); break;
            case OnnxSchema.Attribute.TypeFloats: message.WritePackedFloat(OnnxSchema.Attribute.Floats, FloatValues); break;
            case OnnxSchema.Attribute.TypeString: message.WriteString(OnnxSchema.Attribute.S, StringValue); break;
        }
        return message;
    }
}
