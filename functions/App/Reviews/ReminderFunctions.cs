using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Functions.Reviews;

/// <summary>
/// The morning sweep (09:00 Beijing): reminders of what falls due, the recount of deadlines whose year's notice has since
/// been imported (a catch-up for an instance that computed one before it saw the import), and the weekly reminder to
/// import next year's notice.
/// </summary>
public sealed class ReminderFunctions(ReminderSweep sweep, CalendarRecount recount, CalendarWatch watch, ILogger<ReminderFunctions> logger)
{
    /// <summary>01:00 UTC = 09:00 Beijing, every day; the sweep itself skips rest days.</summary>
    public const string EveryMorning = "0 0 1 * * *";

    [Function(nameof(SendDeadlineReminders))]
    public async Task SendDeadlineReminders([TimerTrigger(EveryMorning)] TimerInfo timer, [DurableClient] DurableTaskClient client)
    {
        var result = await sweep.RunAsync();
        logger.LogInformation("Reminder sweep {Day}: working day {WorkingDay}, {Rows} rows read, {Digests} digests, {Tasks} tasks reminded",
            result.Day, result.WorkingDay, result.RowsRead, result.Digests, result.TasksReminded);
        await recount.RunAsync(client);
        await watch.RemindOperatorsAsync();
    }

    /// <summary>Operators (function key) can run the morning sweep by hand, e.g. after an outage.</summary>
    [Function(nameof(RunDeadlineReminders))]
    [ApiOperation("运维", "立即执行到期提醒", Description = "与每个工作日早上 9 点的定时提醒相同；同一天重复执行不会重复提醒。",
        ResponseType = typeof(SweepResult), Statuses = [200, 401])]
    public Task<IActionResult> RunDeadlineReminders(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.ReminderSweeps)] HttpRequest req) =>
        Api.Handle(req, async () => Api.Json(await sweep.RunAsync(req.HttpContext.RequestAborted)));
}
