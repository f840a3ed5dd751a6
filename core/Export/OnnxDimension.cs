namespace ATSync.Core.Export;

/// <summary>One dimension of a graph input/output: a fixed size or a named symbolic size (e.g. "batch").</summary>
public readonly record struct OnnxDimension(long? Size, string? Symbol)
{
    public static OnnxDimension Fixed(long size) => new(size, null);
    public static OnnxDimension Named(string symbol) => new(null, symbol);

    public static implicit operator OnnxDimension(long size) => Fixed(size);
    public static implicit operator OnnxDimension(string symbol) => Named(symbol);

    public override string ToString() => Symbol ?? Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
}
