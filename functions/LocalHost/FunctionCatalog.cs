using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.LocalHost;

public enum TriggerKind { Http, Timer, Orchestration, Activity }

/// <summary>One function as the Worker SDK described it in <c>functions.metadata</c>, resolved to its compiled method.</summary>
public sealed record FunctionDefinition(
    string Name,
    TriggerKind Trigger,
    MethodInfo Method,
    string? Route = null,
    IReadOnlyList<string>? Methods = null,
    AuthorizationLevel AuthLevel = AuthorizationLevel.Function,
    string? Schedule = null)
{
    /// <summary>The orchestration or activity input type: the parameter that is neither the context nor a service.</summary>
    public Type InputType => Method.GetParameters().FirstOrDefault(p => p.ParameterType != typeof(TaskOrchestrationContext)
        && p.ParameterType != typeof(CancellationToken))?.ParameterType ?? typeof(object);

    public Type OutputType => Method.ReturnType switch
    {
        var t when t == typeof(Task) || t == typeof(void) => typeof(object),
        { IsGenericType: true } t when t.GetGenericTypeDefinition() == typeof(Task<>) => t.GetGenericArguments()[0],
        var t => t,
    };
}

/// <summary>
/// Every function of the compiled Functions app, read from the build's <c>functions.metadata</c> (written by the Worker SDK)
/// and checked against the methods it names. A function whose trigger or parameters the local host cannot serve stops the
/// start-up with a message: nothing is dropped silently.
/// </summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<FunctionDefinition> functions, string routePrefix)
    {
        Functions = functions;
        RoutePrefix = routePrefix;
    }

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    /// <summary>host.json's <c>extensions.http.routePrefix</c> (the host's default, <c>api</c>, without one).</summary>
    public string RoutePrefix { get; }

    public IEnumerable<FunctionDefinition> Of(TriggerKind kind) => Functions.Where(f => f.Trigger == kind);

    public static string DefaultMetadataPath => Path.Combine(AppContext.BaseDirectory, "functions.metadata");

    /// <summary>Reads the metadata, refuses what the Functions host would (<see cref="FunctionIndexRules"/>), finds the methods.</summary>
    public static FunctionCatalog Load(string? metadataPath = null)
    {
        metadataPath ??= DefaultMetadataPath;
        if (!File.Exists(metadataPath))
            throw new FileNotFoundException("functions.metadata is missing: build the Functions app first.", metadataPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(metadataPath))!;
        using var doc = JsonDocument.Parse(File.ReadAllText(metadataPath));
        var entries = doc.RootElement.EnumerateArray()
            .Select(f => (Json: f, Name: f.GetProperty("name").GetString()!, Trigger: TriggerOf(f))).ToList();
        var routePrefix = HostJson.RoutePrefix(Path.Combine(directory, "host.json"));
        var httpTriggers = entries.Select(e => HttpTriggerOf(e.Name, e.Trigger)).OfType<HttpTriggerMetadata>();
        FunctionIndexRules.Enforce(entries.Select(e => e.Name), httpTriggers, routePrefix);
        return new FunctionCatalog(entries.Select(e => Resolve(e.Json, e.Name, e.Trigger, directory)).ToList(), routePrefix);
    }

    private static JsonElement TriggerOf(JsonElement f) => f.GetProperty("bindings").EnumerateArray().Single(b =>
        b.GetProperty("direction").GetString()?.Equals("in", StringComparison.OrdinalIgnoreCase) == true
        && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));

    private static HttpTriggerMetadata? HttpTriggerOf(string name, JsonElement trigger)
    {
        if (!string.Equals(trigger.GetProperty("type").GetString(), "httpTrigger", StringComparison.OrdinalIgnoreCase)) return null;
        string? Text(string property) =>
            trigger.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        // No methods at all means every method, as in the host.
        var methods = trigger.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
            ? m.EnumerateArray().Select(x => x.GetString()!).ToList()
            : null;
        return new HttpTriggerMetadata(name, Text("route"), methods, Text("authLevel"));
    }

    private static FunctionDefinition Resolve(JsonElement f, string name, JsonElement trigger, string directory)
    {
        var entryPoint = f.GetProperty("entryPoint").GetString()!;
        var scriptFile = f.GetProperty("scriptFile").GetString()!;
        var assembly = AppDomain.CurrentDomain.GetAssemblies()
                           .FirstOrDefault(a => a.GetName().Name == Path.GetFileNameWithoutExtension(scriptFile))
                       ?? Assembly.LoadFrom(Path.Combine(directory, scriptFile));
        var split = entryPoint.LastIndexOf('.');
        var type = assembly.GetType(entryPoint[..split], throwOnError: true)!;
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Single(m => m.Name == entryPoint[(split + 1)..] && m.GetCustomAttribute<FunctionAttribute>()?.Name == name);

        var definition = trigger.GetProperty("type").GetString()!.ToLowerInvariant() switch
        {
            "httptrigger" => HttpDefinition(HttpTriggerOf(name, trigger)!, method),
            "timertrigger" => new FunctionDefinition(name, TriggerKind.Timer, method,
                Schedule: trigger.GetProperty("schedule").GetString()),
            "orchestrationtrigger" => new FunctionDefinition(name, TriggerKind.Orchestration, method),
            "activitytrigger" => new FunctionDefinition(name, TriggerKind.Activity, method),
            var other => throw new NotSupportedException($"Function {name}: the local host does not serve {other} triggers."),
        };
        CheckParameters(definition);
        return definition;
    }

    private static FunctionDefinition HttpDefinition(HttpTriggerMetadata trigger, MethodInfo method)
    {
        // An unknown level was refused by the index rules before this is reached.
        if (!FunctionIndexRules.TryParseAuthLevel(trigger.AuthLevel, out var level))
            throw new InvalidOperationException($"{trigger.Function}: unknown authLevel '{trigger.AuthLevel}'.");
        return new FunctionDefinition(trigger.Function, TriggerKind.Http, method, FunctionIndexRules.EffectiveRoute(trigger),
            trigger.Methods?.Select(m => m.ToUpperInvariant()).ToList(), level);
    }

    private static void CheckParameters(FunctionDefinition f)
    {
        var routeNames = RouteParameterNames(f.Route);
        foreach (var p in f.Method.GetParameters())
        {
            var t = p.ParameterType;
            var ok = f.Trigger switch
            {
                TriggerKind.Http => t == typeof(Microsoft.AspNetCore.Http.HttpRequest) || t == typeof(DurableTaskClient)
                                    || t == typeof(CancellationToken)
                                    || (t == typeof(string) && routeNames.Contains(p.Name!)),
                TriggerKind.Timer => t == typeof(TimerInfo) || t == typeof(DurableTaskClient) || t == typeof(CancellationToken),
                TriggerKind.Orchestration => true,
                TriggerKind.Activity => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null || t == typeof(CancellationToken),
                _ => false,
            };
            if (!ok)
                throw new NotSupportedException($"Function {f.Name}: the local host cannot bind parameter '{p.Name}' of type {t.Name}.");
        }
        if (f.Trigger == TriggerKind.Orchestration
            && f.Method.GetParameters().Count(p => p.ParameterType != typeof(TaskOrchestrationContext)) > 1)
            throw new NotSupportedException($"Function {f.Name}: an orchestrator takes its context and at most one input.");
    }

    public static HashSet<string> RouteParameterNames(string? route) =>
        route is null
            ? []
            : System.Text.RegularExpressions.Regex.Matches(route, @"\{(\w+)[^}]*\}").Select(m => m.Groups[1].Value)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
