using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Functions.Platform;

/// <summary>
/// Keeps the task hub small: the workflow history of cases that ended long ago is purged. The case record and its
/// hash-chained timeline (Cases table) and the files stay: they are the record; the history only replays the workflow.
/// </summary>
public sealed class MaintenanceFunctions(TimeProvider clock, IConfiguration config, ILogger<MaintenanceFunctions> logger)
{
    /// <summary>Sundays 19:00 UTC = 03:00 Beijing on Monday, when nobody is working.</summary>
    public const string Weekly = "0 0 19 * * 0";
    public const int DefaultRetainDays = 90;

    [Function(nameof(PurgeFinishedWorkflows))]
    public Task PurgeFinishedWorkflows([TimerTrigger(Weekly)] TimerInfo timer,
        [DurableClient] DurableTaskClient client) => PurgeAsync(client);

    /// <summary>Operators (function key) can purge now, e.g. after lowering the retention.</summary>
    [Function(nameof(RunWorkflowPurge))]
    [ApiOperation("运维", "立即清理已结束流程的历史", Description = "清理保留期（默认90天）之前创建且已结束的流程历史；办件记录、办理过程和材料保留。",
        Statuses = [200, 401])]
    public async Task<IActionResult> RunWorkflowPurge(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.WorkflowPurges)] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Json(new { purged = await PurgeAsync(client) });

    private async Task<int> PurgeAsync(DurableTaskClient client)
    {
        var days = config.GetValue(Settings.RetainFinishedWorkflowsDays, DefaultRetainDays);
        var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(
            // A lower bound is given: the gRPC sidecar of the local host cannot read an open one.
            CreatedFrom: DateTimeOffset.UnixEpoch, CreatedTo: clock.GetUtcNow().AddDays(-days),
            Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]));
        logger.LogInformation("Purged the workflow history of {Count} cases created more than {Days} days ago and finished",
            result.PurgedInstanceCount, days);
        return result.PurgedInstanceCount;
    }
}
