using System.Text.RegularExpressions;
using ATSync.Worker.Client;

namespace ATSync.Worker.Service;

/// <summary>
/// Checks a submitted job before it is accepted: its id, its roles (the ones its kind takes, files or folders as
/// needed), every blob URI against <see cref="BlobUriPolicy"/>, its parameters and its callback URL. Problems are
/// returned keyed by field, all at once, for a 400 ValidationProblem a caller can act on.
/// </summary>
public sealed partial class JobSpecValidator(BlobUriPolicy policy, CallbackUrlPolicy callbacks)
{
    private sealed record Role(string Name, bool Folder, bool Required);

    private static readonly Role[] TrainInputs = [new(JobRoles.Dataset, Folder: true, Required: true)];
    private static readonly Role[] TrainOutputs = [new(JobRoles.Model, Folder: true, Required: true)];

    private static readonly Role[] InferInputs =
    [
        new(JobRoles.Video, Folder: false, Required: true),
        new(JobRoles.Audio, Folder: false, Required: true),
        new(JobRoles.Model, Folder: false, Required: true),
    ];

    private static readonly Role[] InferOutputs =
    [
        new(JobRoles.Result, Folder: false, Required: true),
        new(JobRoles.Report, Folder: false, Required: false),
    ];

    // Safe as a blob name and in a URL path; long enough for orchestration instance ids with a suffix. \z, not $:
    // $ also matches before a final newline, which let "id\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\z")]
    public static partial Regex IdPattern();

    public ValidatedJob? Validate(JobSpec? spec, out Dictionary<string, string[]> errors)
    {
        var found = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (found.TryGetValue(field, out var list) ? list : found[field] = []).Add(message);

        if (spec is null)
        {
            errors = new() { ["body"] = ["the request body must be a job: { id, kind, inputs, outputs, parameters?, callbackUrl? }"] };
            return null;
        }
        if (string.IsNullOrEmpty(spec.Id) || !IdPattern().IsMatch(spec.Id))
            Add("id", $"'{spec.Id}' is not a job id: 1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        if (!Enum.IsDefined(spec.Kind))
            Add("kind", "expected train or infer");

        var (inputRoles, outputRoles) = spec.Kind == JobKind.Train ? (TrainInputs, TrainOutputs) : (InferInputs, InferOutputs);
        var inputs = Resolve("inputs", spec.Inputs, inputRoles, Add);
        var outputs = Resolve("outputs", spec.Outputs, outputRoles, Add);

        List<string> parameterErrors;
        if (spec.Kind == JobKind.Train) TrainParameters.Read(spec.Parameters, out parameterErrors);
        else InferParameters.Read(spec.Parameters, out parameterErrors);
        foreach (var error in parameterErrors) Add("parameters", error);

        if (spec.CallbackUrl is { } callback && callbacks.Problem(callback) is { } callbackProblem)
            Add("callbackUrl", callbackProblem);

        errors = found.ToDictionary(p => p.Key, p => p.Value.ToArray());
        return errors.Count == 0 ? new ValidatedJob(spec, inputs, outputs) : null;
    }

    private Dictionary<string, BlobLocation> Resolve(string field, IReadOnlyDictionary<string, string>? given, Role[] roles,
        Action<string, string> add)
    {
        var resolved = new Dictionary<string, BlobLocation>();
        given ??= new Dictionary<string, string>();
        foreach (var role in roles.Where(r => r.Required && !given.ContainsKey(r.Name)))
            add(field, $"'{role.Name}' is missing ({Describe(role)})");
        foreach (var (name, uri) in given)
        {
            var role = roles.FirstOrDefault(r => r.Name == name);
            if (role is null)
            {
                add(field, $"'{name}' is not a role this job kind takes (it takes: {string.Join(", ", roles.Select(r => r.Name))})");
                continue;
            }
            if (!policy.TryParse(uri, out var location, out var error))
            {
                add(field, $"'{name}': {error}");
                continue;
            }
            if (location.IsFolder != role.Folder)
            {
                add(field, $"'{name}': {Describe(role)}, got '{uri}'");
                continue;
            }
            resolved[name] = location;
        }
        return resolved;
    }

    private static string Describe(Role role) =>
        role.Folder ? "a folder URI ending in '/'" : "a blob URI of a file (not ending in '/')";
}
