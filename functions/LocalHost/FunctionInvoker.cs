using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.LocalHost;

/// <summary>
/// Calls a compiled function method as the Functions host would: an instance from DI per call, bound arguments, awaited result.
/// </summary>
public static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(FunctionDefinition f, IServiceProvider services, Func<ParameterInfo, object?> bind)
    {
        var target = f.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, f.Method.DeclaringType!);
        object? result;
        try
        {
            result = f.Method.Invoke(target, f.Method.GetParameters().Select(bind).ToArray());
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
        if (result is Task task)
        {
            await task;
            var type = task.GetType();
            return type.IsGenericType && type.GetGenericArguments()[0].Name != "VoidTaskResult"
                ? type.GetProperty(nameof(Task<object>.Result))!.GetValue(task)
                : null;
        }
        return result;
    }

    public static Func<ParameterInfo, object?> HttpBinder(HttpContext http) => p =>
        p.ParameterType == typeof(HttpRequest) ? http.Request
        : p.ParameterType == typeof(DurableTaskClient) ? http.RequestServices.GetRequiredService<DurableTaskClient>()
        : p.ParameterType == typeof(CancellationToken) ? http.RequestAborted
        : http.Request.RouteValues.TryGetValue(p.Name!, out var v) ? v?.ToString()
        : null;

    public static Func<ParameterInfo, object?> TimerBinder(TimerInfo timer, IServiceProvider services, CancellationToken ct) => p =>
        p.ParameterType == typeof(TimerInfo) ? timer
        : p.ParameterType == typeof(DurableTaskClient) ? services.GetRequiredService<DurableTaskClient>()
        : ct;

    public static Func<ParameterInfo, object?> OrchestrationBinder(TaskOrchestrationContext context, object? input) => p =>
        p.ParameterType == typeof(TaskOrchestrationContext) ? context : input;

    public static Func<ParameterInfo, object?> ActivityBinder(object? input, CancellationToken ct) => p =>
        p.ParameterType == typeof(CancellationToken) ? ct : input;
}
