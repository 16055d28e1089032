using Azure.Data.Tables;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Shared.Tasks;

/// <summary>Writes a task's reminder rows in the Deadlines table (partition: the Beijing day), read by the morning sweep.</summary>
public sealed class TaskReminders(StorageAccount storage, WorkingCalendars calendars, TimeProvider clock)
{
    private readonly TableClient deadlines = storage.Table(StorageNames.Deadlines);

    /// <summary>One row per reminder day still ahead; the key carries the deadline, so a moved deadline schedules its own rows.</summary>
    public async Task ScheduleAsync(string caseId, string taskId, DateTimeOffset dueAt, IReadOnlyList<int> workingDaysBefore,
        CancellationToken ct = default)
    {
        var calendar = await calendars.CurrentAsync(ct);
        var dueDay = BeijingTime.LastDayOf(dueAt);
        var today = BeijingTime.DateOf(clock.GetUtcNow());
        foreach (var before in workingDaysBefore.Distinct())
        {
            var day = calendar.WorkingDaysBefore(dueDay, before);
            if (day <= today) continue;
            await deadlines.UpsertEntityAsync(new ReminderEntity
            {
                PartitionKey = ReminderEntity.PartitionOf(day), RowKey = $"{caseId}_{taskId}_{dueDay:yyyyMMdd}_{before}",
                CaseId = caseId, TaskId = taskId, DueAt = dueAt,
            }, cancellationToken: ct);
        }
    }
}
