using Azure;
using Azure.Data.Tables;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Workflows.Platform;

/// <summary>Counts one kind of open deadline again (a task's, a publicity's, a vet's pre-job training) and tells its workflow.</summary>
public interface IDeadlineRecount
{
    /// <summary>The kind written to <see cref="ProvisionalDeadlines"/> when such a deadline rests on a provisional year.</summary>
    string Kind { get; }

    Task RecountAsync(DurableTaskClient client, ProvisionalDeadlineEntity deadline, CancellationToken ct);
}

public sealed record RecountResult(IReadOnlyList<int> Years, int Recounted);

/// <summary>
/// After a notice is imported: every open deadline that was counted on that year's provisional calendar is counted again by
/// its period's rule (a period protecting the public never ends earlier than announced; one binding the administration
/// takes the official value). Run at the import and by every morning sweep, so a deadline written on an instance that had
/// not yet seen the import is caught the next morning.
/// </summary>
public sealed class CalendarRecount(WorkingCalendars calendars, ProvisionalDeadlines provisional, IEnumerable<IDeadlineRecount> kinds,
    ILogger<CalendarRecount> logger)
{
    private readonly Dictionary<string, IDeadlineRecount> byKind = kinds.ToDictionary(k => k.Kind);

    public async Task<RecountResult> RunAsync(DurableTaskClient client, CancellationToken ct = default)
    {
        var calendar = await calendars.CurrentAsync(ct);
        var years = calendar.OfficialYears.Where(StatutoryHolidays.Covers).Order().ToList();
        var recounted = 0;
        foreach (var year in years)
            foreach (var row in await provisional.OfYearAsync(year, ct))
            {
                if (byKind.TryGetValue(row.Kind, out var kind)) await kind.RecountAsync(client, row, ct);
                else logger.LogError("No recount for deadlines of kind {Kind} (case {CaseId})", row.Kind, row.CaseId);
                await provisional.ForgetAsync(row, ct);
                recounted++;
            }
        if (recounted > 0)
            logger.LogInformation("Recounted {Count} deadlines on the official calendar of {Years}", recounted, string.Join(",", years));
        return new RecountResult(years, recounted);
    }
}

/// <summary>Where the calendar stands: the years with an official notice, and whether next year's is still missing.</summary>
public sealed record CalendarState(IReadOnlyList<int> OfficialYears, int NextYear, bool NextYearOfficial, string Summary);

/// <summary>
/// Watches for next year's notice: its state for /api/health, and from 1 November, while it is not imported, one reminder
/// a week to the platform's operators (people with the 运维 role at 市人民政府办公室), sent by the morning sweep.
/// </summary>
public sealed class CalendarWatch(WorkingCalendars calendars, StorageAccount storage, Notifier notifier,
    PublicUrls urls, TimeProvider clock)
{
    private readonly TableClient table = storage.Table(StorageNames.CalendarYears);

    public async Task<CalendarState> StateAsync(CancellationToken ct = default)
    {
        var calendar = await calendars.CurrentAsync(ct);
        var next = BeijingTime.DateOf(clock.GetUtcNow()).Year + 1;
        var official = calendar.OfficialYears.Order().ToList();
        var summary = calendar.IsOfficial(next)
            ? $"{next}年节假日安排已导入"
            : $"{next}年节假日安排尚未导入，涉及{next}年的期限按暂定节假日安排计算，导入后自动重算";
        return new CalendarState(official, next, calendar.IsOfficial(next), summary);
    }

    /// <returns>Whether this morning's reminder went out (once a week, from 1 November).</returns>
    public async Task<bool> RemindOperatorsAsync(CancellationToken ct = default)
    {
        var today = BeijingTime.DateOf(clock.GetUtcNow());
        var calendar = await calendars.CurrentAsync(ct);
        var next = today.Year + 1;
        if (today < new DateOnly(today.Year, 11, 1) || calendar.IsOfficial(next) || !calendar.IsWorkingDay(today)) return false;
        var week = (today.DayNumber - new DateOnly(today.Year, 11, 1).DayNumber) / 7 + 1;
        try
        {
            await table.AddEntityAsync(new TableEntity("reminder", $"{next}-w{week}") { ["SentOn"] = today.ToString("yyyy-MM-dd") }, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
        await notifier.SendAsync(new Notification($"calendar-{next}-w{week}", PlatformParties.Operators, $"【节假日安排】{next}年节假日安排尚未导入",
            $"国务院{next}年部分节假日安排的通知尚未导入。在导入之前，涉及{next}年的办理期限按《全国年节及纪念日放假办法》的法定假日暂定计算，" +
            "并在页面和通知中注明。通知发布后，请在“节假日安排”页面导入，系统将按规则重算未办结事项的期限。",
            urls.Absolute(Routes.CalendarPagePath)), ct: ct);
        return true;
    }
}
