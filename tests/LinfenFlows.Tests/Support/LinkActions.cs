using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Tests.Support;

/// <summary>Acting through a mailed link by its token, as the task functions do: find the task the link opens, then act on it.</summary>
public static class LinkActions
{
    public static async Task<TaskDecision> DecideAsync(this IServiceProvider services, string token, string decision,
        string? opinion = null)
    {
        var task = await services.Get<TaskFinder>().ByLinkAsync(token);
        return await services.Get<TaskDecisions>().DecideAsync(task, new TaskActionRequest(decision, opinion));
    }

    public static async Task<DeadlineMoved> ExtendAsync(this IServiceProvider services, string token, int? days, string? reason) =>
        await services.Get<TaskDeadlines>().ExtendAsync(await services.Get<TaskFinder>().ByLinkAsync(token), days, reason);

    public static async Task<TaskDecision> DecideAsync(this IServiceProvider services, DurableTaskClient client, string token,
        string decision, string? opinion = null) =>
        await services.Get<TaskDesk>().DecideAsync(client, await services.Get<TaskFinder>().ByLinkAsync(token),
            new TaskActionRequest(decision, opinion));

    public static async Task<DeadlineMoved> ExtendAsync(this IServiceProvider services, DurableTaskClient client, string token, int? days,
        string? reason) =>
        await services.Get<TaskDesk>().ExtendAsync(client, await services.Get<TaskFinder>().ByLinkAsync(token), days, reason);

    public static T Get<T>(this IServiceProvider services) where T : notnull => (T)services.GetService(typeof(T))!;
}
