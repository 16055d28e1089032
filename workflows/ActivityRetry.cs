using Azure;
using LinfenFlows.Workflows.Platform;
using Microsoft.DurableTask;

namespace LinfenFlows.Workflows;

/// <summary>
/// How every activity is called. Activities are idempotent (a step writes under its key, a document number is bound to
/// its case), so a transient storage or network fault is retried rather than failing the case: five attempts over about
/// two and a half minutes, backing off. A fault no retry mends (a defect, bad data) is not retried. Either way, once the
/// attempts are spent the workflow does not fail: it reports the step (<see cref="FailedSteps"/>: the case shows 异常, the
/// operators and the supervisor are told) and waits there until an operator retries it.
/// </summary>
public static class ActivityRetry
{
    public static readonly TaskOptions Policy = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(2))
    {
        HandleFailure = IsTransient,
    });

    /// <summary>Faults that pass by themselves: storage or the network answering late or not at all.</summary>
    public static bool IsTransient(TaskFailureDetails failure) =>
        failure.IsCausedBy<RequestFailedException>() || failure.IsCausedBy<HttpRequestException>() || failure.IsCausedBy<TimeoutException>()
        || failure.IsCausedBy<IOException>() || failure.IsCausedBy<TaskCanceledException>();

    public static async Task<T> CallAsync<T>(this TaskOrchestrationContext context, string activity, object input)
    {
        while (true)
        {
            try
            {
                return await context.CallActivityAsync<T>(activity, input, Policy);
            }
            catch (TaskFailedException e)
            {
                await context.PauseAtFailedStepAsync(activity, e);
            }
        }
    }

    public static async Task CallAsync(this TaskOrchestrationContext context, string activity, object input)
    {
        while (true)
        {
            try
            {
                await context.CallActivityAsync(activity, input, Policy);
                return;
            }
            catch (TaskFailedException e)
            {
                await context.PauseAtFailedStepAsync(activity, e);
            }
        }
    }

    /// <summary>
    /// Reports the failed step and waits for an operator's retry. Replay-safe for every version: before this, such a failure
    /// ended the workflow, so no running instance has one in its history. The event name is new for each failure.
    /// </summary>
    private static async Task PauseAtFailedStepAsync(this TaskOrchestrationContext context, string activity, TaskFailedException e)
    {
        var retryEvent = $"RetryFailedStep-{context.NewGuid():N}";
        var failure = e.FailureDetails;
        await context.CallActivityAsync(FailedSteps.ReportFailedStep,
            new FailedStep(context.InstanceId, activity, failure.ErrorType.Split('.')[^1], failure.ErrorMessage, retryEvent), Policy);
        await context.WaitForExternalEvent<FailedStepRetried>(retryEvent);
    }
}
