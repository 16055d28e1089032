using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.Azure.Functions.Worker;

namespace LinfenFlows.LocalHost;

/// <summary>An HTTP trigger as written in <c>functions.metadata</c>, before the host fills in its defaults.</summary>
public sealed record HttpTriggerMetadata(string Function, string? Route, IReadOnlyList<string>? Methods, string? AuthLevel);

public sealed record IndexRuleViolation(string Function, string Rule, string Detail)
{
    public override string ToString() => $"function '{Function}' breaks the rule \"{Rule}\": {Detail}";
}

/// <summary>
/// What the Azure Functions host refuses when it indexes the app (azure-functions-host: WorkerFunctionMetadataProvider,
/// WebJobsCoreScriptBindingProvider, ScriptHost.ValidateFunction, WebScriptHostHttpRoutesManager), decided the way it
/// decides it. Azure marks such a function as errored (a template that does not parse stops every HTTP route); the local
/// host refuses to start, so nothing is green here that is missing there.
/// </summary>
public static partial class FunctionIndexRules
{
    public const string ValidName = "valid function name";
    public const string KnownAuthLevel = "known authLevel";
    public const string NoReservedPrefix = "no reserved route prefix";
    public const string OneFunctionPerRoute = "one function per route and method";
    public const string UniqueHttpName = "unique HTTP function name";
    public const string TemplateParses = "route template parses";

    // The host's own API lives under these; it compares the trimmed, lower-cased route with StartsWith, so "adminx" counts too.
    public static readonly IReadOnlyList<string> ReservedPrefixes = ["admin", "runtime"];

    private static readonly Lazy<IInlineConstraintResolver> ConstraintResolver = new(() =>
        new ServiceCollection().AddRouting().BuildServiceProvider().GetRequiredService<IInlineConstraintResolver>());

    [GeneratedRegex(@"^[a-z][a-z0-9_\-]{0,127}$(?<!^host$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();

    /// <summary>The host reads a missing or empty authLevel as Function; otherwise a level name (any case) or its number.</summary>
    public static bool TryParseAuthLevel(string? value, out AuthorizationLevel level)
    {
        level = AuthorizationLevel.Function;
        return string.IsNullOrEmpty(value) || Enum.TryParse(value, ignoreCase: true, out level);
    }

    /// <summary>A trigger without a route is served under the function's name.</summary>
    public static string EffectiveRoute(HttpTriggerMetadata trigger) =>
        string.IsNullOrWhiteSpace(trigger.Route) ? trigger.Function : trigger.Route;

    /// <summary>Throws, listing every violation, when the host would refuse any of these functions.</summary>
    public static void Enforce(IEnumerable<string> functionNames, IEnumerable<HttpTriggerMetadata> httpTriggers, string routePrefix)
    {
        var violations = Check(functionNames, httpTriggers, routePrefix);
        if (violations.Count > 0)
            throw new InvalidOperationException("The Azure Functions host would refuse these functions, so the local host does not start:"
                + string.Concat(violations.Select(v => "\n  " + v)));
    }

    public static IReadOnlyList<IndexRuleViolation> Check(IEnumerable<string> functionNames, IEnumerable<HttpTriggerMetadata> httpTriggers,
        string routePrefix)
    {
        var violations = new List<IndexRuleViolation>();
        var invalidNames = new HashSet<string>();
        foreach (var name in functionNames.Where(n => !FunctionName().IsMatch(n)))
        {
            invalidNames.Add(name);
            violations.Add(new(name, ValidName, "a name has letters, digits, '_' and '-', begins with a letter, is at most 128 long, "
                + $"is not 'host' (the host: \"'{name}' is not a valid function name.\")"));
        }

        // In metadata order, as the host indexes: a refused function is not compared with the ones after it.
        var accepted = new List<HttpTriggerMetadata>();
        foreach (var trigger in httpTriggers.Where(t => !invalidNames.Contains(t.Function)))
        {
            var violation = CheckOne(trigger, accepted);
            if (violation is null) accepted.Add(trigger);
            else violations.Add(violation);
        }
        violations.AddRange(accepted.Select(t => TemplateViolation(t, routePrefix)).OfType<IndexRuleViolation>());
        return violations;
    }

    private static IndexRuleViolation? CheckOne(HttpTriggerMetadata trigger, IReadOnlyList<HttpTriggerMetadata> accepted)
    {
        if (!TryParseAuthLevel(trigger.AuthLevel, out _))
            return new(trigger.Function, KnownAuthLevel, $"'{trigger.AuthLevel}' is none of "
                + $"{string.Join(", ", Enum.GetNames<AuthorizationLevel>())} (the host: \"Invalid value specified for binding property "
                + "'authLevel' of enum type AuthorizationLevel.\")");

        var route = EffectiveRoute(trigger);
        var reserved = ReservedPrefixes.FirstOrDefault(p =>
            route.Trim('/').ToLowerInvariant().StartsWith(p, StringComparison.InvariantCulture));
        if (reserved is not null)
            return new(trigger.Function, NoReservedPrefix, $"the route '{route}' begins with '{reserved}', which the host keeps for itself "
                + "(the host: \"The specified route conflicts with one or more built in routes.\"); Azure answers 404 there");

        var rival = accepted.FirstOrDefault(other => RoutesConflict(trigger, other));
        if (rival is not null)
            return new(trigger.Function, OneFunctionPerRoute, $"the route '{route}' with methods {MethodList(trigger)} is also claimed by "
                + $"'{rival.Function}' with {MethodList(rival)} (the host: \"The route specified conflicts with the route defined by "
                + $"function '{rival.Function}'.\")");

        return accepted.Any(other => other.Function == trigger.Function)
            ? new(trigger.Function, UniqueHttpName,
                $"(the host: \"The function or proxy name '{trigger.Function}' must be unique within the function app.\")")
            : null;
    }

    /// <summary>
    /// The host's test: the same route text (slashes trimmed, any case) and a method in common, where no methods means all.
    /// Methods are compared as written, as the host does.
    /// </summary>
    public static bool RoutesConflict(HttpTriggerMetadata a, HttpTriggerMetadata b)
    {
        if (!string.Equals(EffectiveRoute(a).Trim('/'), EffectiveRoute(b).Trim('/'), StringComparison.OrdinalIgnoreCase)) return false;
        if (a.Methods is not { Count: > 0 } || b.Methods is not { Count: > 0 }) return true;
        return a.Methods.Intersect(b.Methods, StringComparer.Ordinal).Any();
    }

    /// <summary>
    /// The host maps each route as an ASP.NET Core <see cref="Route"/> under the route prefix; building one parses the template
    /// and resolves its inline constraints, so the same class decides here.
    /// </summary>
    private static IndexRuleViolation? TemplateViolation(HttpTriggerMetadata trigger, string routePrefix)
    {
        var route = EffectiveRoute(trigger);
        var template = string.IsNullOrEmpty(routePrefix) ? route : routePrefix + "/" + route;
        var constraints = new Dictionary<string, object>();
        if (trigger.Methods is not null) constraints.Add("httpMethod", new HttpMethodRouteConstraint([.. trigger.Methods]));
        try
        {
            _ = new Route(new RouteHandler(_ => Task.CompletedTask), trigger.Function, template, new RouteValueDictionary(), constraints,
                new RouteValueDictionary(), ConstraintResolver.Value);
            return null;
        }
        catch (RouteCreationException e)
        {
            return new(trigger.Function, TemplateParses, $"'{template}': {e.InnerException?.Message ?? e.Message} "
                + "(in Azure no HTTP function of the app is served then)");
        }
    }

    private static string MethodList(HttpTriggerMetadata t) =>
        t.Methods is { Count: > 0 } ? string.Join(",", t.Methods) : "all";
}
