using System.Text.Json;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Problems;

namespace LinfenFlows.Shared.Tasks;

/// <summary>
/// Takes the decision on a task (or, on a follow-up, the receipt 签收 or the report with its file); exactly one of any number
/// of concurrent attempts wins. The person acting is the holder the way in belongs to (their link, or their inbox).
/// </summary>
public sealed class TaskDecisions(CaseJournal journal, AttachmentStore attachments, TaskInbox inbox, TimeProvider clock)
{
    public async Task<TaskDecision> DecideAsync(TaskAccess access, TaskActionRequest request, CancellationToken ct = default)
    {
        access.ThrowUnlessOpen();
        var caseId = access.Case!.Id;
        TaskDecision? taken = null;
        TaskEntity? acted = null;
        // The first attempt plans on the case and task rows the way in has just read; their ETags guard the write.
        var known = access.Task;
        var recorded = await journal.RecordAsync(caseId, access.Case, async (c, ct2) =>
        {
            var task = acted = known ?? await journal.FindRowAsync<TaskEntity>(caseId, access.Task!.RowKey, ct2)
                ?? throw Problem.NotFound("待办事项", "Task");
            known = null;
            var now = clock.GetUtcNow();
            TaskAccessRules.ThrowUnlessOpen(TaskAccessRules.StateOf(task, c, now));
            // Reassigned in between: the holder this way in belonged to holds the task no longer.
            var holder = task.Holders.FirstOrDefault(h => h.PersonId == access.Holder!.PersonId) ?? throw Problem.NotFound("待办事项", "Task");
            DecisionRules.ThrowIfOutOfOrder(task, request.Decision);
            var check = DecisionRules.Check(task, request);
            if (check.Errors.Count > 0) throw Problem.Invalid(check.Errors);
            var actor = new Actor(holder.PersonId, holder.Signature, task.AssigneeRole, task.AssigneeOrganisation);
            var text = string.IsNullOrWhiteSpace(request.Opinion) ? null : request.Opinion.Trim();
            if (request.Decision == Decisions.Receive)
            {
                task.ReceivedAt = now;
                task.ReceivedByName = holder.Signature;
                taken = new TaskDecision(task.TaskId, request.Decision, actor, now);
                return new CaseChange
                {
                    Key = $"receive-{task.TaskId}",
                    Event = new CaseEventDraft("review.received", $"{task.AssigneeName}签收：{task.StepName}", actor, now, text),
                    Rows = [task],
                };
            }
            Attachment? stored = null;
            if (task.FileRequired && request.File is { } file)
                stored = await attachments.SaveAsync(caseId, "file", $"result-{task.TaskId}", file, $"{task.StepName}：办理结果材料",
                    UploadedFile.SentBy(actor), ct2);
            var selected = request.Selected ?? [];
            task.State = TaskStates.Done;
            task.Decision = request.Decision;
            task.Opinion = text;
            task.DecidedAt = now;
            task.DecidedById = actor.Id;
            task.DecidedByName = actor.Name;
            task.Selected = selected.Count == 0 ? null : string.Join(',', selected.Distinct());
            task.ResultAttachmentId = stored?.Id;
            task.ResultFileName = stored?.FileName;
            task.ValuesJson = check.Values.Count == 0 ? null : JsonSerializer.Serialize(check.Values, Json.Options);
            taken = task.RecordedDecision;
            var late = task.IsFollowUp && now > task.DueAt ? "（逾期报告）" : "";
            return new CaseChange
            {
                Key = $"decide-{task.TaskId}",
                Event = new CaseEventDraft("review.decided", $"{task.StepName}：{Decisions.Label(request.Decision)}{late}", actor, now,
                    task.Opinion, stored is null ? null : [stored.Id]),
                Update = task.IsFollowUp ? null : e => e.Holder = Actor.SystemName,
                Rows = [task],
            };
        }, ct);
        // Another request took the decision between this one's read and its write.
        if (recorded!.AlreadyRecorded)
        {
            if (request.Decision == Decisions.Receive)
                throw Problem.Conflict("already-received", "该事项已签收。", "The task was received already.");
            TaskAccessRules.ThrowUnlessOpen(AccessState.Done);
        }
        await inbox.SyncAsync(acted!, access.Case.Title, ct);
        return taken!;
    }
}
