using DurableTask.AzureStorage;

namespace ATSync.LocalHost;

/// <summary>
/// The gRPC sidecar hands the Azure Storage backend events whose Tags are Google.Protobuf MapFields; the backend
/// writes queue messages with .NET type names and cannot load that type back ("Could not resolve type
/// Google.Protobuf.Collections.MapField`2"), so every scheduled activity would be stuck in the control queue. This
/// binder writes such maps as Dictionary&lt;string, string&gt; (same JSON object) and reads old messages the same way.
/// </summary>
public sealed class ProtobufMapTypeBinder : ICustomTypeBinder
{
    private static readonly Type Replacement = typeof(Dictionary<string, string>);

    public void BindToName(Type serializedType, out string assemblyName, out string typeName)
    {
        var type = IsProtobufMap(serializedType.FullName) ? Replacement : serializedType;
        assemblyName = type.Assembly.FullName!;
        typeName = type.FullName!;
    }

    public Type BindToType(string assemblyName, string typeName) =>
        IsProtobufMap(typeName) ? Replacement
            : Type.GetType($"{typeName}, {assemblyName}", throwOnError: true)!;

    private static bool IsProtobufMap(string? typeName) =>
        typeName is not null && typeName.StartsWith("Google.Protobuf.Collections.MapField`2", StringComparison.Ordinal);
}
