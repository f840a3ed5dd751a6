using ATSync.Worker.Client;

namespace ATSync.Worker.Service;

/// <summary>Whether a resubmitted spec is the job already accepted under its id (same kind, roles, parameters and
/// callback), whatever the order of its dictionaries.</summary>
public static class JobSpecEquivalence
{
    public static bool Same(JobSpec a, JobSpec b) =>
        a.Id == b.Id && a.Kind == b.Kind && a.CallbackUrl == b.CallbackUrl
        && SameMap(a.Inputs, b.Inputs) && SameMap(a.Outputs, b.Outputs) && SameMap(a.Parameters, b.Parameters);

    private static bool SameMap(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
    }
}
