using Azure.Data.Tables;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Tasks;

/// <summary>What a way into a task (a mailed link, the inbox) allows now.</summary>
public enum AccessState { Open, Unknown, Done, Expired, Closed, Suspended }

/// <summary>A task reached by someone: what it allows now, the case, the task, and the holder acting.</summary>
public sealed record TaskAccess(AccessState State, CaseEntity? Case = null, TaskEntity? Task = null, TaskHolder? Holder = null)
{
    public static readonly TaskAccess Unknown = new(AccessState.Unknown);

    /// <summary>Refuses with the problem that says why the task cannot be acted on now.</summary>
    public void ThrowUnlessOpen() => TaskAccessRules.ThrowUnlessOpen(State);
}

/// <summary>The one rule for what a task allows now, and the refusal that goes with each state.</summary>
public static class TaskAccessRules
{
    /// <summary>
    /// A decision expires with the task's (possibly extended) deadline; a follow-up stays open past it (escalated, still wanted).
    /// </summary>
    public static AccessState StateOf(TaskEntity task, CaseEntity c, DateTimeOffset now) => task.State switch
    {
        TaskStates.Done => AccessState.Done,
        TaskStates.Cancelled => AccessState.Closed,
        TaskStates.Overdue => AccessState.Expired,
        _ when c.Status is CaseStatus.Completed or CaseStatus.Withdrawn or CaseStatus.Terminated => AccessState.Closed,
        _ when c.Suspension is not null => AccessState.Suspended,
        _ when now >= task.DueAt && !task.IsFollowUp => AccessState.Expired,
        _ => AccessState.Open,
    };

    public static void ThrowUnlessOpen(AccessState state)
    {
        switch (state)
        {
            case AccessState.Open: return;
            case AccessState.Done: throw Problem.Conflict("link-used", "该事项已办理，不能重复提交。", "The task has been done already.");
            case AccessState.Expired: throw Problem.Conflict("link-expired", "该事项已超过办理期限，链接已失效，请联系督办单位。", "The task has expired.");
            case AccessState.Closed:
                throw Problem.Conflict("link-closed", "该事项已撤销或办件已办结。", "The task was withdrawn or the case is closed.");
            case AccessState.Suspended:
                throw Problem.Conflict("case-suspended", "办件已暂停办理，恢复后可继续办理，原链接仍然有效。", "The case is suspended.");
            default: throw Problem.NotFound("待办事项", "Task");
        }
    }
}

/// <summary>Finds the task behind a way in: a mailed link (its token's hash), or the signed-in person's inbox.</summary>
public sealed class TaskFinder(StorageAccount storage, CaseJournal journal, TimeProvider clock)
{
    private readonly TableClient links = storage.Table(StorageNames.ReviewLinks);

    /// <summary>The task a link opens, acting as the holder it was mailed to; a link of a holder since replaced opens nothing.</summary>
    public async Task<TaskAccess> ByLinkAsync(string? token, CancellationToken ct = default)
    {
        if (!LinkTokens.IsWellFormed(token)) return TaskAccess.Unknown;
        var hash = LinkTokens.Hash(token!);
        var link = await links.GetEntityIfExistsAsync<TaskLinkEntity>(hash, "", cancellationToken: ct);
        if (!link.HasValue) return TaskAccess.Unknown;
        return await FindAsync(new CaseId(link.Value!.CaseId), link.Value.TaskId,
            task => task.Holders.FirstOrDefault(h => h.LinkHash == hash), ct);
    }

    /// <summary>
    /// A task reached from 我的待办 instead of a link: the caller must hold it; any other task is reported as unknown, so
    /// tasks cannot be probed.
    /// </summary>
    public async Task<TaskAccess> ForCallerAsync(Caller caller, string? caseId, string? taskId, CancellationToken ct = default)
    {
        if (!CaseId.IsWellFormed(caseId) || string.IsNullOrEmpty(taskId) || taskId.Length > 100) return TaskAccess.Unknown;
        return await FindAsync(new CaseId(caseId!), taskId, task => task.Holders.FirstOrDefault(h => h.PersonId == caller.UserId), ct);
    }

    private async Task<TaskAccess> FindAsync(CaseId caseId, string taskId, Func<TaskEntity, TaskHolder?> holderOf, CancellationToken ct)
    {
        var c = await journal.FindAsync(caseId, ct);
        var task = c is null ? null : await journal.FindTaskAsync(caseId, taskId, ct);
        if (c is null || task is null || holderOf(task) is not { } holder) return TaskAccess.Unknown;
        return new TaskAccess(TaskAccessRules.StateOf(task, c, clock.GetUtcNow()), c, task, holder);
    }
}
