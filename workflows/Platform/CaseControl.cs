using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Workflows.Platform;

/// <summary>What an operator may do to a case, and what the case then allows.</summary>
public enum CaseControlAction { Suspend, Resume, Terminate }

/// <summary>
/// 办件管控: an operator suspends a case (its workflow stops where it is, its tasks wait and their links say so, its
/// deadlines are shown as suspended), resumes it, or terminates it (its open tasks are cancelled and their links stop).
/// Each is recorded in the case's timeline with who did it and why. A failed step is retried from ops/failed-steps.
/// The Durable management API (which carries the system key) is never handed to anyone: these are the only doors.
/// </summary>
public sealed class CaseControl(CaseJournal journal, TaskDeadlines deadlines, TimeProvider clock, ILogger<CaseControl> logger)
{
    public async Task<CaseEntity> ApplyAsync(DurableTaskClient client, Caller? caller, string? caseIdText, CaseControlAction action,
        string? reason, CancellationToken ct = default)
    {
        if (caller is null) throw Problem.Unauthenticated();
        if (!caller.IsIn(Roles.Operator)) throw Problem.Forbidden("只有运维人员可以暂停、恢复或终止办件。");
        if (!CaseId.IsWellFormed(caseIdText)) throw Problem.NotFound("办件", "Case");
        var caseId = new CaseId(caseIdText!);
        var c = await journal.FindAsync(caseId, ct) ?? throw Problem.NotFound("办件", "Case");
        if (action != CaseControlAction.Resume)
            new Validator().Required(reason, "reason", action == CaseControlAction.Suspend ? "暂停理由" : "终止理由", 500).ThrowIfInvalid();
        if (!CaseStatus.IsOpen(c.Status))
            throw Problem.Conflict("case-closed", $"办件已{c.Status}，不能再暂停、恢复或终止。", "The case is no longer open.");
        if (action == CaseControlAction.Suspend && c.Suspension is not null)
            throw Problem.Conflict("case-suspended", "办件已暂停。", "The case is suspended already.");
        if (action == CaseControlAction.Resume && c.Suspension is null)
            throw Problem.Conflict("case-not-suspended", "办件未暂停，无需恢复。", "The case is not suspended.");

        var by = new Actor(caller.UserId, caller.Name, Roles.Operator, caller.Organisation);
        var now = clock.GetUtcNow();
        var text = reason?.Trim();
        // A case without a workflow of its own (a vet's training file, a campaign whose weeks are workflows) is held by its
        // status alone: the jobs that act on it skip a suspended or ended case.
        var running = await client.GetInstanceAsync(caseId.Value, ct) is { IsCompleted: false };
        switch (action)
        {
            case CaseControlAction.Suspend:
                if (running) await client.SuspendInstanceAsync(caseId.Value, text, ct);
                await RecordAsync(caseId, $"suspended-{now.UtcTicks}", "case.suspended", $"运维人员{caller.Name}暂停办理本办件", by, now, text,
                    e => e.Suspension = text, ct);
                break;
            case CaseControlAction.Resume:
                await RecordAsync(caseId, $"resumed-{now.UtcTicks}", "case.resumed", $"运维人员{caller.Name}恢复办理本办件", by, now, null,
                    e => e.Suspension = null, ct);
                if (running) await client.ResumeInstanceAsync(caseId.Value, "恢复办理", ct);
                break;
            default:
                if (running) await client.TerminateInstanceAsync(caseId.Value, new TerminateInstanceOptions { Output = text }, ct);
                await RecordAsync(caseId, "terminated", "case.terminated", $"运维人员{caller.Name}终止办理本办件", by, now, text, e =>
                {
                    e.Status = CaseStatus.Terminated; e.Step = "已终止"; e.Holder = ""; e.DueAt = null; e.Suspension = null; e.Fault = null;
                }, ct);
                foreach (var task in await journal.RowsAsync<TaskEntity>(caseId, RowKeys.TaskPrefix, ct))
                    if (task.IsOpen) await deadlines.CancelAsync(caseId, task.TaskId, $"办件已终止：{text}", ct);
                break;
        }
        logger.LogInformation("Operator {Operator} applied {Action} to case {CaseId}", caller.UserId, action, caseId.Value);
        return await journal.GetAsync(caseId, ct);
    }

    private async Task RecordAsync(CaseId id, string key, string action, string label, Actor by, DateTimeOffset at, string? opinion,
        Action<CaseEntity> update, CancellationToken ct) =>
        await journal.RecordAsync(id,
            new CaseChange { Key = key, Event = new CaseEventDraft(action, label, by, at, opinion), Update = update }, ct);
}
