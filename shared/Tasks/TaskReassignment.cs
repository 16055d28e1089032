using Azure.Data.Tables;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Tasks;

/// <summary>
/// An open task given to someone else by a supervisor — of the organisation it is addressed to, or of the task's own
/// supervising role — with a reason: the new holder gets a link of their own, the old links stop working, and the
/// timeline records who did it and why.
/// </summary>
public sealed class TaskReassignment(StorageAccount storage, CaseJournal journal, StaffDirectory directory, TaskInbox inbox,
    PublicUrls urls, TimeProvider clock)
{
    private readonly TableClient links = storage.Table(StorageNames.ReviewLinks);

    public async Task<TaskEntity> ReassignAsync(Caller? caller, string? caseIdText, string? taskId, string? personId, string? reason,
        CancellationToken ct = default)
    {
        if (caller is null) throw Problem.Unauthenticated();
        if (!CaseId.IsWellFormed(caseIdText) || string.IsNullOrEmpty(taskId) || taskId.Length > 100) throw Problem.NotFound("待办事项", "Task");
        var caseId = new CaseId(caseIdText!);
        var task = await journal.FindTaskAsync(caseId, taskId, ct) ?? throw Problem.NotFound("待办事项", "Task");
        var supervises = caller.IsIn(Roles.Supervisor)
            && (caller.Organisation == task.AssigneeOrganisation || caller.Organisation == task.SupervisorOrganisation);
        if (!supervises) throw Problem.NotFound("待办事项", "Task");
        var person = await directory.FindAsync(personId, ct);
        new Validator()
            .Require(person is { Active: true } && person.Organisation == task.AssigneeOrganisation, "personId", "member",
                $"承办人须为{task.AssigneeName}在职人员。", "The new holder must be an active person of the organisation the task is addressed to.")
            .Require(person is null || task.Holders.All(h => h.PersonId != person.Id), "personId", "new-holder",
                "该人员已是本事项的承办人。", "That person holds the task already.")
            .Required(reason, "reason", "改派理由", 200)
            .ThrowIfInvalid();

        var token = LinkTokens.New();
        await links.UpsertEntityAsync(new TaskLinkEntity
        {
            PartitionKey = LinkTokens.Hash(token), RowKey = "", CaseId = caseId.Value, TaskId = task.TaskId, PersonId = person!.Id,
        }, cancellationToken: ct);
        TaskEntity? written = null;
        var title = "";
        await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            title = c.Title;
            var current = written = await journal.FindTaskAsync(caseId, taskId, ct2) ?? throw Problem.NotFound("待办事项", "Task");
            TaskAccessRules.ThrowUnlessOpen(TaskAccessRules.StateOf(current, c, clock.GetUtcNow()));
            var before = current.Holders;
            current.Holders = [new TaskHolder(person.Id, person.Name, null, null, LinkTokens.Hash(token))];
            var now = clock.GetUtcNow();
            var by = new Actor(caller.UserId, caller.Name, Roles.Supervisor, caller.Organisation);
            return new CaseChange
            {
                Key = $"reassign-{taskId}-{person.Id}",
                Event = new CaseEventDraft("review.reassigned",
                    $"“{current.StepName}”改由{person.Name}办理（原承办人：" +
                    $"{(before.Count == 0 ? "无" : string.Join("、", before.Select(h => h.Signature)))}）", by, now, reason!.Trim()),
                Rows = [current],
                Notifications =
                [
                    new Notification($"{taskId}-link-{person.Id}", new Recipient(person.Id, person.Name, current.AssigneeOrganisation),
                        $"【待办】{c.Title}", $"{caller.Name}将“{current.StepName}”改派您办理（{reason.Trim()}），期限 {current.Due.Display}。点击链接查看材料并办理。",
                        urls.Absolute(Routes.ReviewPath(token))),
                    .. before.Select(h => new Notification($"{taskId}-reassigned-{h.PersonId}-{person.Id}",
                        new Recipient(h.PersonId, h.Signature, current.AssigneeOrganisation), "【改派】待办事项已改由他人办理",
                        $"“{current.StepName}”（{c.Title}）已由{caller.Name}改派{person.Name}办理，您收到的原链接已失效。")),
                ],
            };
        }, ct);
        await inbox.SyncAsync(written!, title, ct);
        return written!;
    }
}
