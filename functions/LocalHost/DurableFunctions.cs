using Microsoft.DurableTask;

namespace LinfenFlows.LocalHost;

/// <summary>
/// Registers the catalog's orchestrator and activity functions with a Durable Task worker, each with its declared input type
/// (so inputs arrive typed, not as JsonElement). Tests may swap an activity by name (<c>replace</c>).
/// </summary>
public static class DurableFunctions
{
    /// <returns>The names registered, as the worker will serve them.</returns>
    public static IReadOnlyList<string> Register(DurableTaskRegistry registry, FunctionCatalog catalog,
        IReadOnlyDictionary<string, Func<IServiceProvider, ITaskActivity>>? replace = null)
    {
        var registered = new List<string>();
        foreach (var f in catalog.Of(TriggerKind.Orchestration))
        {
            registry.AddOrchestrator(f.Name, () => new FunctionOrchestrator(f));
            registered.Add(f.Name);
        }
        foreach (var f in catalog.Of(TriggerKind.Activity))
        {
            if (replace?.TryGetValue(f.Name, out var substitute) == true) registry.AddActivity(f.Name, substitute!);
            else registry.AddActivity(f.Name, services => ActivityOf(f, services));
            registered.Add(f.Name);
        }
        return registered;
    }

    /// <summary>The activity as the worker runs it (tests wrap it to change what it returns).</summary>
    public static ITaskActivity ActivityOf(FunctionDefinition f, IServiceProvider services) => new FunctionActivity(f, services);

    private sealed class FunctionOrchestrator(FunctionDefinition f) : ITaskOrchestrator
    {
        public Type InputType => f.InputType;
        public Type OutputType => f.OutputType;

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            FunctionInvoker.InvokeAsync(f, EmptyServices.Instance, FunctionInvoker.OrchestrationBinder(context, input));
    }

    private sealed class FunctionActivity(FunctionDefinition f, IServiceProvider services) : ITaskActivity
    {
        public Type InputType => f.InputType;
        public Type OutputType => f.OutputType;

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            FunctionInvoker.InvokeAsync(f, services, FunctionInvoker.ActivityBinder(input, CancellationToken.None));
    }

    // Orchestrator functions are static and get no services: determinism forbids them.
    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();
        public object? GetService(Type serviceType) => null;
    }
}
