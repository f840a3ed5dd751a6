using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ATSync.Tests.Infra;

/// <summary>One resource of the compiled template, with the module (nested deployment) it sits in.</summary>
public sealed record TemplateResource(string Module, JsonObject Node, JsonObject Template, JsonObject ModuleParameters)
{
    public string Type => (string)Node["type"]!;

    public JsonNode? this[string path] => Node.Select(path);
}

/// <summary>A role assignment with its principal and scope resolved to names: "worker", "functions" or "user";
/// the scope as "type:module/names" with a copy loop over a variable expanded (one grant per container).</summary>
public sealed record RoleGrant(string Principal, string RoleDefinitionId, string ScopeType, string ScopePath, bool Conditional);

/// <summary>
/// The ARM JSON that `bicep build infra/main.bicep` produces, walked through its nested module deployments. ARM
/// expressions are not evaluated (no Azure here): checks read their text, and the few shapes our templates use
/// (resourceId(...) scopes, parameters passed from the parent, variables indexed by copyIndex()) are resolved.
/// </summary>
public sealed partial class CompiledTemplate
{
    public CompiledTemplate(JsonObject root)
    {
        Root = root;
        var resources = new List<TemplateResource>();
        Collect("main", root, new JsonObject(), resources);
        Resources = resources;
    }

    public JsonObject Root { get; }

    public IReadOnlyList<TemplateResource> Resources { get; }

    public IEnumerable<TemplateResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public TemplateResource Single(string type) => Assert.Single(OfType(type));

    /// <summary>The parameters a module deployment passes (its properties.parameters).</summary>
    public JsonObject ModuleParameters(string module) =>
        Resources.First(r => r.Type == "Microsoft.Resources/deployments" && (string?)r.Node["name"] == module)
            .Node["properties"]!["parameters"]!.AsObject();

    /// <summary>Every role assignment in every module, resolved.</summary>
    public IReadOnlyList<RoleGrant> RoleGrants() =>
        [.. OfType("Microsoft.Authorization/roleAssignments").SelectMany(Resolve)];

    private static void Collect(string module, JsonObject template, JsonObject parameters, List<TemplateResource> into)
    {
        foreach (var node in EnumerateResources(template))
        {
            into.Add(new TemplateResource(module, node, template, parameters));
            if ((string?)node["type"] == "Microsoft.Resources/deployments" && node["properties"]?["template"] is JsonObject nested)
                Collect((string)node["name"]!, nested, node["properties"]!["parameters"]?.AsObject() ?? new JsonObject(), into);
        }
    }

    // Bicep emits an array, or an object keyed by symbolic name (language version 2.0).
    private static IEnumerable<JsonObject> EnumerateResources(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    private static IEnumerable<RoleGrant> Resolve(TemplateResource assignment)
    {
        var properties = assignment.Node["properties"]!;
        var role = RoleGuid().Match((string)properties["roleDefinitionId"]!).Value;
        var principal = PrincipalOf((string)properties["principalId"]!, assignment);
        var conditional = assignment.Node["condition"] is not null;
        var scope = (string?)assignment.Node["scope"] ?? throw new InvalidOperationException("a role assignment without an explicit scope");
        var call = ResourceIdCall().Match(scope);
        if (!call.Success) throw new InvalidOperationException($"unexpected scope expression {scope}");
        var type = call.Groups["type"].Value;
        var segments = call.Groups["args"].Value.Split(", ").Select(a => ResolveArgument(a, assignment)).ToList();
        // At most one segment is a loop over a variable; expand it into one grant per item.
        var count = segments.Max(s => s.Count);
        for (var i = 0; i < count; i++)
            yield return new RoleGrant(principal, role, type, string.Join('/', segments.Select(s => s.Count == 1 ? s[0] : s[i])), conditional);
    }

    private static List<string> ResolveArgument(string argument, TemplateResource owner)
    {
        if (argument.StartsWith('\'')) return [argument.Trim('\'')];
        if (LoopVariable().Match(argument) is { Success: true } loop)
            return [.. owner.Template["variables"]![loop.Groups[1].Value]!.AsArray().Select(v => (string)v!)];
        if (VariableReference().Match(argument) is { Success: true } variable)
            return [(string)owner.Template["variables"]![variable.Groups[1].Value]!];
        if (ParameterReference().Match(argument) is { Success: true } parameter)
            return [ModuleOutputSource((string)owner.ModuleParameters[parameter.Groups[1].Value]!["value"]!)];
        throw new InvalidOperationException($"unexpected scope argument {argument}");
    }

    /// <summary>"&lt;data-storage&gt;" for a value taken from the data-storage module's outputs; a literal as is.</summary>
    private static string ModuleOutputSource(string value) =>
        DeploymentReference().Match(value) is { Success: true } m ? $"<{m.Groups[1].Value}>" : value;

    private static string PrincipalOf(string expression, TemplateResource owner)
    {
        var parameter = ParameterReference().Match(expression).Groups[1].Value;
        var passed = (string)owner.ModuleParameters[parameter]!["value"]!;
        if (passed.Contains("'worker-identity'")) return "worker";
        if (passed.Contains("'functions-identity'")) return "functions";
        if (passed.Contains("parameters('principalId')")) return "user";
        throw new InvalidOperationException($"principal {parameter} = {passed} is none of ours");
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleGuid();

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)', (?<args>.*)\)\]$")]
    private static partial Regex ResourceIdCall();

    [GeneratedRegex(@"^variables\('(\w+)'\)\[copyIndex\(\)\]$")]
    private static partial Regex LoopVariable();

    [GeneratedRegex(@"^variables\('(\w+)'\)$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"parameters\('(\w+)'\)")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"'Microsoft\.Resources/deployments', '([\w-]+)'\)")]
    private static partial Regex DeploymentReference();
}

internal static class JsonPath
{
    /// <summary>A dotted path ("properties.siteConfig.appSettings"), null when any step is missing.</summary>
    public static JsonNode? Select(this JsonNode node, string path)
    {
        JsonNode? current = node;
        foreach (var step in path.Split('.')) current = current is JsonObject o ? o[step] : null;
        return current;
    }
}
