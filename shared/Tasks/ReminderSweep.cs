using Azure.Data.Tables;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Shared.Tasks;

public sealed record SweepResult(DateOnly Day, bool WorkingDay, int RowsRead, int Digests, int TasksReminded);

/// <summary>
/// The morning reminder sweep (待办提醒): on a working day, reads the deadline index for today and the days just before it —
/// only what is due, never every case — and sends each reviewer one digest of their open tasks. A row is deleted once its
/// reminder is sent (and recorded in its case's timeline), so each reminder goes out once; on rest days nobody is reminded
/// and the rows wait for the next working morning.
/// </summary>
public sealed class ReminderSweep(StorageAccount storage, CaseJournal journal, Notifier notifier, WorkingCalendars calendars,
    PublicUrls urls, TimeProvider clock)
{
    /// <summary>Longer than any run of rest days (春节 2026 is nine), so a reminder due during a holiday is still found.</summary>
    private const int LookBackDays = 15;
    private readonly TableClient deadlines = storage.Table(StorageNames.Deadlines);

    public async Task<SweepResult> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = BeijingTime.DateOf(now);
        if (!(await calendars.CurrentAsync(ct)).IsWorkingDay(today)) return new SweepResult(today, false, 0, 0, 0);

        var due = new List<ReminderEntity>();
        for (var day = today.AddDays(-LookBackDays); day <= today; day = day.AddDays(1))
            await foreach (var row in deadlines.QueryAsync<ReminderEntity>(r => r.PartitionKey == ReminderEntity.PartitionOf(day),
                cancellationToken: ct))
                due.Add(row);

        var open = new List<(ReminderEntity Row, CaseEntity Case, TaskEntity Task)>();
        var suspended = new HashSet<ReminderEntity>();
        foreach (var row in due)
        {
            var caseId = new CaseId(row.CaseId);
            var task = await journal.FindTaskAsync(caseId, row.TaskId, ct);
            var c = await journal.FindAsync(caseId, ct);
            // A row for a deadline since moved is stale: the move scheduled its own.
            // A suspended case's reminder waits (its row stays) until the case is resumed.
            if (c is { Suspension: not null } && task is { IsOpen: true }) suspended.Add(row);
            else if (task is { IsOpen: true } && task.DueAt == row.DueAt && c is not null) open.Add((row, c, task));
        }

        var digests = 0;
        foreach (var person in open.SelectMany(o => o.Task.Holders.Select(h => (Holder: h, o.Case, o.Task)))
            .GroupBy(x => x.Holder.PersonId))
        {
            var holder = person.First().Holder;
            var lines = person.DistinctBy(o => (o.Case.PartitionKey, o.Task.TaskId))
                .Select(o => $"· {o.Case.Title}：{o.Task.StepName}，期限 {o.Task.Due.Display}");
            await notifier.SendAsync(new Notification($"remind-{today:yyyyMMdd}-{holder.PersonId}",
                new Recipient(holder.PersonId, holder.Signature, person.First().Task.AssigneeOrganisation), "【待办提醒】您有即将到期的事项",
                "以下事项即将到期，请点击链接进入“我的待办”，或使用此前收到的办理链接及时办理：\n" + string.Join("\n", lines),
                urls.Absolute(Routes.InboxPath)), ct: ct);
            digests++;
        }

        foreach (var (row, c, task) in open)
            await journal.RecordAsync(c.Id, new CaseChange
            {
                Key = $"remind-{task.TaskId}-{row.PartitionKey}",
                Event = new CaseEventDraft("review.reminded", $"已提醒{task.HolderNames}办理“{task.StepName}”", Actor.System, now),
            }, ct);

        foreach (var row in due.Where(r => !suspended.Contains(r)))
            await deadlines.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct);
        return new SweepResult(today, true, due.Count, digests, open.Count);
    }
}
