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
    string? AuthLevel = null,
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
    private FunctionCatalog(IReadOnlyList<FunctionDefinition> functions) => Functions = functions;

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    public IEnumerable<FunctionDefinition> Of(TriggerKind kind) => Functions.Where(f => f.Trigger == kind);

    public static string DefaultMetadataPath => Path.Combine(AppContext.BaseDirectory, "functions.metadata");

    public static FunctionCatalog Load(string? metadataPath = null)
    {
        metadataPath ??= DefaultMetadataPath;
        if (!File.Exists(metadataPath)) throw new FileNotFoundException("functions.metadata is missing: build the Functions app first.", metadataPath);
        using var doc = JsonDocument.Parse(File.ReadAllText(metadataPath));
        var functions = doc.RootElement.EnumerateArray().Select(f => Resolve(f, Path.GetDirectoryName(metadataPath)!)).ToList();
        return new FunctionCatalog(functions);
    }

    private static FunctionDefinition Resolve(JsonElement f, string directory)
    {
        var name = f.GetProperty("name").GetString()!;
        var entryPoint = f.GetProperty("entryPoint").GetString()!;
        var scriptFile = f.GetProperty("scriptFile").GetString()!;
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == Path.GetFileNameWithoutExtension(scriptFile))
                       ?? Assembly.LoadFrom(Path.Combine(directory, scriptFile));
        var split = entryPoint.LastIndexOf('.');
        var type = assembly.GetType(entryPoint[..split], throwOnError: true)!;
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Single(m => m.Name == entryPoint[(split + 1)..] && m.GetCustomAttribute<FunctionAttribute>()?.Name == name);

        var trigger = f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString()?.Equals("in", StringComparison.OrdinalIgnoreCase) == true
            && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
        var definition = trigger.GetProperty("type").GetString()!.ToLowerInvariant() switch
        {
            "httptrigger" => new FunctionDefinition(name, TriggerKind.Http, method,
                trigger.TryGetProperty("route", out var r) ? r.GetString() : name,
                trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList(),
                trigger.GetProperty("authLevel").GetString()),
            "timertrigger" => new FunctionDefinition(name, TriggerKind.Timer, method, Schedule: trigger.GetProperty("schedule").GetString()),
            "orchestrationtrigger" => new FunctionDefinition(name, TriggerKind.Orchestration, method),
            "activitytrigger" => new FunctionDefinition(name, TriggerKind.Activity, method),
            var other => throw new NotSupportedException($"Function {name}: the local host does not serve {other} triggers."),
        };
        CheckParameters(definition);
        return definition;
    }

    private static void CheckParameters(FunctionDefinition f)
    {
        var routeNames = RouteParameterNames(f.Route);
        foreach (var p in f.Method.GetParameters())
        {
            var t = p.ParameterType;
            var ok = f.Trigger switch
            {
                TriggerKind.Http => t == typeof(Microsoft.AspNetCore.Http.HttpRequest) || t == typeof(DurableTaskClient) || t == typeof(CancellationToken)
                                    || (t == typeof(string) && routeNames.Contains(p.Name!)),
                TriggerKind.Timer => t == typeof(TimerInfo) || t == typeof(DurableTaskClient) || t == typeof(CancellationToken),
                TriggerKind.Orchestration => true,
                TriggerKind.Activity => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null || t == typeof(CancellationToken),
                _ => false,
            };
            if (!ok) throw new NotSupportedException($"Function {f.Name}: the local host cannot bind parameter '{p.Name}' of type {t.Name}.");
        }
        if (f.Trigger == TriggerKind.Orchestration && f.Method.GetParameters().Count(p => p.ParameterType != typeof(TaskOrchestrationContext)) > 1)
            throw new NotSupportedException($"Function {f.Name}: an orchestrator takes its context and at most one input.");
    }

    public static HashSet<string> RouteParameterNames(string? route) =>
        route is null ? [] : System.Text.RegularExpressions.Regex.Matches(route, @"\{(\w+)[^}]*\}").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
