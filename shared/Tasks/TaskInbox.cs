using Azure.Data.Tables;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Tasks;

/// <summary>我的待办: each organisation's open tasks, kept in step with the task rows (the truth).</summary>
public sealed class TaskInbox(StorageAccount storage)
{
    private readonly TableClient inbox = storage.Table(StorageNames.Inbox);

    /// <summary>
    /// Brings the inbox row in line with the task row: present while the task is open, gone after. Runs after every change of
    /// a task, with the row as just written (or read), and is safe to repeat, so a crash in between is mended by a retry.
    /// </summary>
    public Task SyncAsync(TaskEntity task, string caseTitle, CancellationToken ct = default)
    {
        var rowKey = InboxEntity.RowKeyOf(task.PartitionKey, task.TaskId);
        if (!task.IsOpen) return inbox.DeleteEntityAsync(task.AssigneeOrganisation, rowKey, cancellationToken: ct);
        var holders = task.Holders;
        return inbox.UpsertEntityAsync(new InboxEntity
        {
            PartitionKey = task.AssigneeOrganisation, RowKey = rowKey, CaseId = task.PartitionKey, TaskId = task.TaskId,
            CaseTitle = caseTitle, StepName = task.StepName,
            HolderIds = string.Join(',', holders.Select(h => h.PersonId)), HolderNames = task.HolderNames,
            DueAt = task.DueAt, DueBasis = task.DueBasis, ReceivedAt = task.ReceivedAt, EscalatedAt = task.EscalatedAt,
        }, TableUpdateMode.Replace, ct);
    }

    /// <summary>The caller's open tasks (those they hold, delegated ones included), soonest deadline first.</summary>
    public async Task<IReadOnlyList<InboxEntity>> OfAsync(Caller caller, CancellationToken ct = default)
    {
        if (!caller.IsRegistered) return [];
        var rows = new List<InboxEntity>();
        await foreach (var row in inbox.QueryAsync<InboxEntity>(e => e.PartitionKey == caller.Organisation, cancellationToken: ct))
            if (row.IsHeldBy(caller.UserId)) rows.Add(row);
        return rows.OrderBy(r => r.DueAt).ToList();
    }

    /// <summary>An organisation's open tasks, whoever holds them (its supervisor's view).</summary>
    public async Task<IReadOnlyList<InboxEntity>> OfOrganisationAsync(string organisation, CancellationToken ct = default)
    {
        var rows = new List<InboxEntity>();
        await foreach (var row in inbox.QueryAsync<InboxEntity>(e => e.PartitionKey == organisation, cancellationToken: ct)) rows.Add(row);
        return rows.OrderBy(r => r.DueAt).ToList();
    }
}
