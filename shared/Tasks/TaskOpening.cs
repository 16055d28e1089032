using System.Text.Json;
using Azure.Data.Tables;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Tasks;

/// <summary>
/// Opens a task: resolves who holds the role today (delegates in place of those away; the organisation's 经办 when nobody
/// holds it), mails each holder a link of their own, lists the task in 我的待办 and schedules the reminders. When nobody
/// can take it, the task waits at the organisation and its supervisor is told — a task is never addressed to nobody.
/// </summary>
public sealed class TaskOpening(StorageAccount storage, CaseJournal journal, StaffDirectory directory, TaskInbox inbox,
    TaskReminders reminders, PublicUrls urls, TimeProvider clock)
{
    private readonly TableClient links = storage.Table(StorageNames.ReviewLinks);

    /// <summary>Running it again for the same task changes nothing.</summary>
    public async Task OpenAsync(TaskSpec spec, CancellationToken ct = default)
    {
        var caseId = new CaseId(spec.CaseId);
        if (await journal.FindTaskAsync(caseId, spec.TaskId, ct) is null)
        {
            var assignment = await directory.AssignAsync(spec.AssignedTo, ct);
            var holders = new List<(Holder Person, string Token)>();
            foreach (var h in assignment.Holders)
            {
                var token = LinkTokens.New();
                // The link row goes first: should the step fail after it, the orphan link resolves to no holder and opens nothing.
                await links.UpsertEntityAsync(new TaskLinkEntity
                {
                    PartitionKey = LinkTokens.Hash(token), RowKey = "", CaseId = spec.CaseId, TaskId = spec.TaskId, PersonId = h.PersonId,
                }, cancellationToken: ct);
                holders.Add((h, token));
            }
            var c = await journal.GetAsync(caseId, ct);
            var task = NewTask(spec with { Fields = await ResolveAsync(spec.Fields, ct) }, assignment, holders);
            var now = clock.GetUtcNow();
            var due = spec.Due.Display;
            await journal.RecordAsync(c, new CaseChange
            {
                Key = $"open-{spec.TaskId}",
                Event = new CaseEventDraft("review.opened", OpenedLabel(spec, assignment, due), Actor.System, now),
                Update = e =>
                {
                    // Whoever a task goes to may read the case and its files (the report a matter was handed over with).
                    e.AddParty(spec.AssignedTo.Organisation);
                    // Follow-up tasks run side by side: the stage, not each task, says where the case stands.
                    if (spec.FollowUp is not null) return;
                    e.Step = spec.StepName; e.Holder = assignment.OrganisationName; e.DueAt = spec.DueAt;
                },
                Rows = [task],
                Notifications = holders.Count > 0
                    ? holders.Select(h => new Notification($"{spec.TaskId}-link-{h.Person.PersonId}",
                        new Recipient(h.Person.PersonId, h.Person.Signature, spec.AssignedTo.Organisation), $"【待办】{c.Title}",
                        Ask(spec, due, h.Person), urls.Absolute(Routes.ReviewPath(h.Token)))).ToList()
                    :
                    [
                        new Notification($"{spec.TaskId}-unheld", spec.Supervisor, $"【无人承办】{c.Title}",
                            $"“{spec.StepName}”应送{assignment.OrganisationName}办理（期限 {due}），" +
                            $"但该单位在单位目录中无人担任“{Roles.Label(spec.AssignedTo.Role)}”，" +
                            "也无经办人员。请在“我的待办”中指定承办人，或请运维人员登记该单位人员。", urls.Absolute(Routes.CaseProgressPath(spec.CaseId))),
                    ],
            }, ct);
            await inbox.SyncAsync(task, c.Title, ct);
        }
        await reminders.ScheduleAsync(spec.CaseId, spec.TaskId, spec.DueAt, spec.RemindWorkingDaysBefore, ct);
    }

    /// <summary>A field that names a person offers those who hold its role today, by name.</summary>
    private async Task<IReadOnlyList<TaskField>?> ResolveAsync(IReadOnlyList<TaskField>? fields, CancellationToken ct)
    {
        if (fields is null || fields.All(f => f.ChooseFrom is null)) return fields;
        var resolved = new List<TaskField>();
        foreach (var f in fields)
        {
            if (f.ChooseFrom is not { } from)
            {
                resolved.Add(f);
                continue;
            }
            var holders = (await directory.MembersAsync(from.Organisation, ct)).Where(p => p.Holds(from.Role));
            resolved.Add(f with { Options = holders.Select(p => new TaskChoice(p.Id, p.Name)).ToList() });
        }
        return resolved;
    }

    private TaskEntity NewTask(TaskSpec spec, Assignment assignment, IReadOnlyList<(Holder Person, string Token)> holders) => new()
    {
        PartitionKey = spec.CaseId, RowKey = RowKeys.Task(spec.TaskId), TaskId = spec.TaskId, Step = spec.Step, StepName = spec.StepName,
        AssigneeOrganisation = spec.AssignedTo.Organisation, AssigneeRole = spec.AssignedTo.Role,
        AssigneePersonId = spec.AssignedTo.PersonId, AssigneeName = assignment.OrganisationName,
        Holders = holders.Select(h => new TaskHolder(h.Person.PersonId, h.Person.Name, h.Person.OnBehalfOfId, h.Person.OnBehalfOfName,
            LinkTokens.Hash(h.Token))).ToList(),
        SupervisorOrganisation = spec.Supervisor.Organisation, SupervisorRole = spec.Supervisor.Role,
        AllowedDecisions = string.Join(',', spec.Decisions), Due = spec.Due, DeadlineFollowsMoves = spec.DeadlineFollowsMoves,
        MaxExtensionDays = spec.MaxExtensionDays,
        RemindWorkingDaysBefore = string.Join(',', spec.RemindWorkingDaysBefore), OpenedAt = clock.GetUtcNow(),
        IsFollowUp = spec.FollowUp is not null, ReceiptFirst = spec.FollowUp?.ReceiptFirst ?? false, FileRequired = spec.FileRequired,
        FileLabel = spec.FileLabel,
        ChoicesJson = spec.Choices is { Count: > 0 } ? JsonSerializer.Serialize(spec.Choices, Json.Options) : null,
        ChoicesLabel = spec.ChoicesLabel, SelectedNeedsOpinion = spec.SelectedNeedsOpinion, OpinionLabel = spec.OpinionLabel,
        OpinionDraft = spec.OpinionDraft,
        FieldsJson = spec.Fields is { Count: > 0 } ? JsonSerializer.Serialize(spec.Fields, Json.Options) : null,
    };

    private static string OpenedLabel(TaskSpec spec, Assignment a, string due)
    {
        var to = a.Nobody ? $"{a.OrganisationName}（无人担任“{Roles.Label(spec.AssignedTo.Role)}”，已告知督办单位）"
            : spec.AssignedTo.PersonId is not null ? a.Holders[0].Name
            : $"{a.OrganisationName} {string.Join("、", a.Holders.Select(h => h.Signature))}" +
              (a.FellBack ? $"（无人担任“{Roles.Label(spec.AssignedTo.Role)}”，送经办人员）" : "");
        return $"送{to}{spec.StepName}，办理期限 {due}";
    }

    private static string Ask(TaskSpec spec, string due, Holder holder)
    {
        var onBehalf = holder.OnBehalfOfName is null ? "" : $"（{holder.OnBehalfOfName}已委托您办理）";
        return onBehalf + spec.FollowUp switch
        {
            null => $"请于 {due} 前完成“{spec.StepName}”。点击链接查看材料并办理（链接仅限本人使用，办理后失效）。",
            { ReceiptFirst: true } => $"现将“{spec.StepName}”移送你单位，请点击链接签收，并于 {due} 前通过同一链接报告办理结果（附文件）。",
            _ when spec.FileRequired => $"请于 {due} 前完成“{spec.StepName}”，并通过链接报告完成情况（附佐证材料）。",
            _ => $"请于 {due} 前完成“{spec.StepName}”。点击链接查看并办理。",
        };
    }
}
