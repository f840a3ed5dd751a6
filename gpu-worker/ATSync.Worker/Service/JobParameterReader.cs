using System.Globalization;

namespace ATSync.Worker.Service;

/// <summary>Reads a job's string parameters as typed values, collecting every problem (bad value, unknown name)
/// instead of stopping at the first, so one 400 says all that is wrong.</summary>
public sealed class JobParameterReader(IReadOnlyDictionary<string, string>? parameters, string kind)
{
    private readonly IReadOnlyDictionary<string, string> _parameters = parameters ?? new Dictionary<string, string>();
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public List<string> Errors { get; } = [];

    public int Int(string name, int fallback, int min, int max = int.MaxValue)
    {
        if (!Find(name, out var text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Errors.Add(max == int.MaxValue
            ? $"parameter '{name}': expected a whole number of at least {min}, got '{text}'"
            : $"parameter '{name}': expected a whole number from {min} to {max}, got '{text}'");
        return fallback;
    }

    public double Double(string name, double fallback, Func<double, bool> valid, string expected)
    {
        if (!Find(name, out var text)) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && valid(value)) return value;
        Errors.Add($"parameter '{name}': expected {expected}, got '{text}'");
        return fallback;
    }

    /// <summary>Like <see cref="Double"/>, but null when the parameter is absent (or bad).</summary>
    public double? OptionalDouble(string name, Func<double, bool> valid, string expected)
    {
        if (!Find(name, out var text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && valid(value)) return value;
        Errors.Add($"parameter '{name}': expected {expected}, got '{text}'");
        return null;
    }

    public T? Enum<T>(string name) where T : struct, Enum
    {
        if (!Find(name, out var text)) return null;
        if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _)) return value;
        Errors.Add($"parameter '{name}': expected one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}, got '{text}'");
        return null;
    }

    /// <summary>Call after reading every parameter the kind takes: names nothing read are errors.</summary>
    public void RejectUnknown()
    {
        foreach (var name in _parameters.Keys.Where(n => !_known.Contains(n)).Order(StringComparer.Ordinal))
            Errors.Add($"parameter '{name}' is not one a {kind} job takes (it takes: {string.Join(", ", _known.Order(StringComparer.Ordinal))})");
    }

    private bool Find(string name, out string text)
    {
        _known.Add(name);
        return _parameters.TryGetValue(name, out text!);
    }
}
