namespace ATSync.Core.Export;

/// <summary>
/// Field numbers and enum values of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto) for the messages the exporter
/// writes. Only what ATSync emits is listed.
/// </summary>
internal static class OnnxSchema
{
    /// <summary>IR version 8 is the one that introduced opset 17 (ONNX 1.12).</summary>
    public const long IrVersion = 8;
    public const long OpsetVersion = 17;

    public static class Model
    {
        public const int IrVersion = 1;
        public const int ProducerName = 2;
        public const int ProducerVersion = 3;
        public const int DocString = 6;
        public const int Graph = 7;
        public const int OpsetImport = 8;
    }

    public static class OperatorSetId
    {
        public const int Domain = 1;
        public const int Version = 2;
    }

    public static class Graph
    {
        public const int Node = 1;
        public const int Name = 2;
        public const int Initializer = 5;
        public const int Input = 11;
        public const int Output = 12;
    }

    public static class Node
    {
        public const int Input = 1;
        public const int Output = 2;
        public const int Name = 3;
        public const int OpType = 4;
        public const int Attribute = 5;
    }

    public static class Attribute
    {
        public const int Name = 1;
        public const int F = 2;
        public const int I = 3;
        public const int S = 4;
        public const int Floats = 7;
        public const int Ints = 8;
        public const int Type = 20;

        // AttributeProto.AttributeType
        public const long TypeFloat = 1;
        public const long TypeInt = 2;
        public const long TypeString = 3;
        public const long TypeFloats = 6;
        public const long TypeInts = 7;
    }

    public static class Tensor
    {
        public const int Dims = 1;
        public const int DataType = 2;
        public const int Name = 8;
        public const int RawData = 9;

        // TensorProto.DataType
        public const long Float = 1;
        public const long UInt8 = 2;
        public const long Int8 = 3;
        public const long Int32 = 6;
        public const long Int64 = 7;
    }

    public static class ValueInfo
    {
        public const int Name = 1;
        public const int Type = 2;
    }

    public static class Type
    {
        public const int TensorType = 1;   // TypeProto.tensor_type
        public const int ElemType = 1;     // TypeProto.Tensor.elem_type
        public const int Shape = 2;        // TypeProto.Tensor.shape
        public const int Dim = 1;          // TensorShapeProto.dim
        public const int DimValue = 1;     // TensorShapeProto.Dimension.dim_value
        public const int DimParam = 2;     // TensorShapeProto.Dimension.dim_param
    }
}
