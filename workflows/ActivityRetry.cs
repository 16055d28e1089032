using Microsoft.DurableTask;

namespace LinfenFlows.Workflows;

/// <summary>
/// The one retry policy every activity call carries. Activities are idempotent (a step writes under its key, a document
/// number is bound to its case), so a transient storage or network fault is retried rather than failing the case: five
/// attempts over about two and a half minutes, backing off.
/// </summary>
public static class ActivityRetry
{
    public static readonly TaskOptions Policy = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(2)));

    public static Task<T> CallAsync<T>(this TaskOrchestrationContext context, string activity, object input) =>
        context.CallActivityAsync<T>(activity, input, Policy);

    public static Task CallAsync(this TaskOrchestrationContext context, string activity, object input) =>
        context.CallActivityAsync(activity, input, Policy);
}
