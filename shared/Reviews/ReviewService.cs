using System.Text.Json;
using Azure.Data.Tables;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Shared.Reviews;

/// <summary>Why a link does not open a decision form.</summary>
public enum LinkState { Open, Unknown, Used, Expired, Closed }

public sealed record ResolvedLink(LinkState State, CaseEntity? Case = null, ReviewTaskEntity? Task = null);

/// <summary>
/// The human-review step's storage side: opening a task (row, link, notification, reminders), resolving a link,
/// taking the one decision a task allows, and closing a task at its deadline.
/// </summary>
public sealed class ReviewService(StorageAccount storage, CaseJournal journal, WorkingCalendar calendar, PublicUrls urls, AttachmentStore attachments)
{
    private readonly TableClient links = storage.Table(StorageNames.ReviewLinks);
    private readonly TableClient deadlines = storage.Table(StorageNames.Deadlines);
    private readonly TableClient inbox = storage.Table(StorageNames.Inbox);

    /// <summary>Opens the task and sends the reviewer the link. Running it again for the same task changes nothing.</summary>
    public async Task OpenAsync(ReviewSpec spec, CancellationToken ct = default)
    {
        var caseId = new CaseId(spec.CaseId);
        if (await journal.FindTaskAsync(caseId, spec.TaskId, ct) is null)
        {
            var token = LinkTokens.New();
            var hash = LinkTokens.Hash(token);
            // The link row goes first: should the step fail after it, the orphan link resolves to no task and opens nothing.
            await links.UpsertEntityAsync(new ReviewLinkEntity { PartitionKey = hash, RowKey = "", CaseId = spec.CaseId, TaskId = spec.TaskId }, cancellationToken: ct);
            var c = await journal.GetAsync(caseId, ct);
            var task = new ReviewTaskEntity
            {
                PartitionKey = spec.CaseId, RowKey = RowKeys.Task(spec.TaskId), TaskId = spec.TaskId, Step = spec.Step, StepName = spec.StepName,
                ReviewerId = spec.Reviewer.Id, ReviewerName = spec.Reviewer.Name, ReviewerOrganisation = spec.Reviewer.Organisation,
                SupervisorId = spec.Supervisor.Id, SupervisorName = spec.Supervisor.Name, SupervisorOrganisation = spec.Supervisor.Organisation,
                AllowedDecisions = string.Join(',', spec.Decisions), DueAt = spec.DueAt, TokenHash = hash, MaxExtensionDays = spec.MaxExtensionDays,
                RemindWorkingDaysBefore = string.Join(',', spec.RemindWorkingDaysBefore),
                OpenedAt = journal.Now, IsFollowUp = spec.FollowUp is not null, ReceiptFirst = spec.FollowUp?.ReceiptFirst ?? false, FileRequired = spec.FollowUp?.FileRequired ?? spec.FileRequired,
                ChoicesJson = spec.Choices is { Count: > 0 } ? JsonSerializer.Serialize(spec.Choices, Json.Options) : null,
                FieldsJson = spec.Fields is { Count: > 0 } ? JsonSerializer.Serialize(spec.Fields, Json.Options) : null,
            };
            var due = BeijingTime.Format(spec.DueAt);
            var ask = spec.FollowUp switch
            {
                null => $"请于 {due} 前完成“{spec.StepName}”。点击链接查看材料并办理（链接仅限本人使用一次）。",
                { ReceiptFirst: true } => $"现将“{spec.StepName}”移送贵单位，请点击链接签收，并于 {due} 前通过同一链接报告办理结果（附文件）。",
                { FileRequired: true } => $"请于 {due} 前完成“{spec.StepName}”，并通过链接报告完成情况（附佐证材料）。",
                _ => $"请于 {due} 前完成“{spec.StepName}”。点击链接查看并办理。",
            };
            await journal.RecordAsync(caseId, new CaseChange
            {
                Key = $"open-{spec.TaskId}",
                Event = new CaseEventDraft("review.opened", $"送{spec.Reviewer.Name}{spec.StepName}，办理期限 {due}", Actor.System, journal.Now),
                // Follow-up tasks run side by side: the stage, not each task, says where the case stands.
                Update = e =>
                {
                    // Whoever a task goes to may read the case and its files (the report a matter was handed over with).
                    e.AddParty(spec.Reviewer.Organisation);
                    if (spec.FollowUp is not null) return;
                    e.Step = spec.StepName; e.Holder = Organisations.NameOf(spec.Reviewer.Organisation); e.DueAt = spec.DueAt;
                },
                Rows = [task],
                Notifications =
                [
                    new Notification($"{spec.TaskId}-link", spec.Reviewer, $"【待办】{c.Title}", ask, urls.Absolute(Routes.ReviewPath(token))),
                ],
            }, ct);
            await SyncInboxAsync(task, c.Title, ct);
        }
        await ScheduleRemindersAsync(spec.CaseId, spec.TaskId, spec.DueAt, spec.RemindWorkingDaysBefore, ct);
    }

    /// <summary>
    /// Extends an open task's deadline once, by whole calendar days up to the task's limit, with a reason. The link keeps
    /// working until the new deadline and reminders follow it; the step is told through the returned extension.
    /// </summary>
    public async Task<(CaseId CaseId, ReviewExtension Extension)> ExtendAsync(ResolvedLink link, int? days, string? reason, CancellationToken ct = default)
    {
        ThrowUnlessOpen(link.State);
        var caseId = link.Case!.Id;
        ReviewExtension? extension = null;
        ReviewTaskEntity? extended = null;
        string title = link.Case.Title;
        var recorded = await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var task = extended = await journal.FindRowAsync<ReviewTaskEntity>(caseId, link.Task!.RowKey, ct2) ?? throw Problem.NotFound("待办事项", "Task");
            ThrowUnlessOpen(StateOf(task, c));
            if (task.MaxExtensionDays == 0)
                throw Problem.Conflict("no-extension", "该事项不能延期。", "This task cannot be extended.");
            if (task.ExtendedByDays > 0)
                throw Problem.Conflict("already-extended", $"该事项已延期{task.ExtendedByDays}日，只能延期一次。", "The deadline was extended already; it can be extended once.");
            new Validator()
                .Require(days is >= 1 && days <= task.MaxExtensionDays, "days", "extension-range",
                    $"延期天数应为1至{task.MaxExtensionDays}日。", $"days must be between 1 and {task.MaxExtensionDays}.")
                .Required(reason, "opinion", "延期理由", 2000)
                .ThrowIfInvalid();
            var due = BeijingTime.EndOf(BeijingTime.LastDayOf(task.DueAt).AddDays(days!.Value));
            if (!calendar.HasYear(BeijingTime.DateOf(due).Year))
                throw Problem.Invalid("days", "calendar-loaded", $"延期后的期限跨入{BeijingTime.DateOf(due).Year}年，该年节假日安排尚未录入。",
                    "The extended deadline falls in a year whose holiday calendar is not loaded.");
            task.ExtendedByDays = days.Value;
            task.DueAt = due;
            extension = new ReviewExtension(task.TaskId, due);
            return new CaseChange
            {
                Key = $"extend-{task.TaskId}",
                Event = new CaseEventDraft("review.extended", $"{task.StepName}延期{days}日，新期限 {BeijingTime.Format(due)}",
                    new Actor(task.ReviewerId, task.ReviewerName, "reviewer", task.ReviewerOrganisation), journal.Now, reason!.Trim()),
                Update = e => e.DueAt = due,
                Rows = [task],
                Notifications =
                [
                    new Notification($"{task.TaskId}-extended", task.Supervisor, "【延期】办理期限已延长",
                        $"“{task.StepName}”（{c.Title}）由{task.ReviewerName}延期{days}日，新期限 {BeijingTime.Format(due)}。理由：{reason.Trim()}"),
                ],
            };
        }, ct);
        if (recorded!.AlreadyRecorded) throw Problem.Conflict("already-extended", "该事项已延期，只能延期一次。", "The deadline was extended already.");
        await SyncInboxAsync(extended!, title, ct);
        await ScheduleRemindersAsync(caseId.Value, extension!.TaskId, extension.DueAt, extended!.RemindDays, ct);
        return (caseId, extension);
    }

    public async Task<ResolvedLink> ResolveAsync(string? token, CancellationToken ct = default)
    {
        if (!LinkTokens.IsWellFormed(token)) return new ResolvedLink(LinkState.Unknown);
        var link = await links.GetEntityIfExistsAsync<ReviewLinkEntity>(LinkTokens.Hash(token!), "", cancellationToken: ct);
        if (!link.HasValue) return new ResolvedLink(LinkState.Unknown);
        var hash = link.Value!.PartitionKey;
        return await ResolveTaskAsync(new CaseId(link.Value.CaseId), link.Value.TaskId, task => task.TokenHash == hash, ct);
    }

    /// <summary>
    /// A task reached from the signed-in staff inbox instead of a mailed link: the caller's organisation must be the one the
    /// task was sent to; any other task is reported as unknown, so tasks cannot be probed.
    /// </summary>
    public async Task<ResolvedLink> ResolveForCallerAsync(Caller caller, string? caseIdText, string? taskId, CancellationToken ct = default)
    {
        if (!CaseId.IsWellFormed(caseIdText) || string.IsNullOrEmpty(taskId) || taskId.Length > 100) return new ResolvedLink(LinkState.Unknown);
        return await ResolveTaskAsync(new CaseId(caseIdText!), taskId, task => task.ReviewerOrganisation == caller.Organisation, ct);
    }

    /// <summary>The task and its case with what they allow now; unknown unless both exist and the way in fits the task.</summary>
    private async Task<ResolvedLink> ResolveTaskAsync(CaseId caseId, string taskId, Func<ReviewTaskEntity, bool> fits, CancellationToken ct)
    {
        var c = await journal.FindAsync(caseId, ct);
        var task = await journal.FindTaskAsync(caseId, taskId, ct);
        if (c is null || task is null || !fits(task)) return new ResolvedLink(LinkState.Unknown);
        return new ResolvedLink(StateOf(task, c), c, task);
    }

    /// <summary>The one rule for what a link to this task allows now: it expires with the task's (possibly extended) deadline.</summary>
    private LinkState StateOf(ReviewTaskEntity task, CaseEntity c) => task.State switch
    {
        ReviewStates.Done => LinkState.Used,
        ReviewStates.Cancelled => LinkState.Closed,
        ReviewStates.Overdue => LinkState.Expired,
        _ when c.Status is CaseStatus.Completed or CaseStatus.Withdrawn => LinkState.Closed,
        // A follow-up task stays open past its deadline: it has been escalated (督办), and the result is still wanted.
        _ when journal.Now >= task.DueAt && !task.IsFollowUp => LinkState.Expired,
        _ => LinkState.Open,
    };

    /// <summary>
    /// Takes the decision (or, on a follow-up task, the receipt 签收 or the report with its file); exactly one of any number of
    /// concurrent attempts on a task wins. <paramref name="actingAs"/> is the signed-in person acting from the inbox; through
    /// a mailed link it is the task's addressee.
    /// </summary>
    public async Task<(CaseId CaseId, ReviewDecision Decision)> DecideAsync(ResolvedLink link, string decision, string? opinion,
        IReadOnlyList<string>? selected = null, UploadedFile? file = null, Actor? actingAs = null, CancellationToken ct = default,
        IReadOnlyDictionary<string, string>? values = null)
    {
        ThrowUnlessOpen(link.State);
        var caseId = link.Case!.Id;
        selected ??= [];
        values ??= new Dictionary<string, string>();
        ReviewDecision? taken = null;
        ReviewTaskEntity? acted = null;
        var recorded = await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var task = acted = await journal.FindRowAsync<ReviewTaskEntity>(caseId, link.Task!.RowKey, ct2)
                       ?? throw Problem.NotFound("待办事项", "Task");
            ThrowUnlessOpen(StateOf(task, c));
            ThrowIfOutOfOrder(task, decision);
            var v = new Validator();
            v.Require(task.AvailableNow.Contains(decision), "decision", "allowed-decision",
                $"办理结果只能是：{string.Join("、", task.AvailableNow.Select(Decisions.Label))}。",
                $"decision must be one of: {string.Join(", ", task.AvailableNow)}.");
            var opinionRequired = Decisions.NeedsOpinion(decision) || selected.Count > 0;
            v.Require(!opinionRequired || !string.IsNullOrWhiteSpace(opinion), "opinion", "required",
                decision == Decisions.Report ? "请填写办理结果。" : selected.Count > 0 ? "勾选不予公开事项时必须写明理由。"
                : decision is Decisions.Return or Decisions.Reject ? "退回或不同意时必须填写意见。" : $"选择“{Decisions.Label(decision)}”时必须填写意见。",
                "An opinion is required for this decision.");
            var filled = CheckFields(v, task.Fields, decision, values);
            v.Require((opinion?.Length ?? 0) <= 2000, "opinion", "max-length", "意见不能超过2000字。", "opinion must be at most 2000 characters.");
            var choices = task.Choices.Select(x => x.Key).ToHashSet();
            v.Require(selected.All(choices.Contains), "selected", "allowed-choice", "勾选的事项不属于本事项。", "selected names an item this task does not offer.");
            var final = decision != Decisions.Receive;
            v.Require(!(final && task.FileRequired && file is null), "file", "required",
                task.IsFollowUp ? "请上传办理结果文件（处理决定、整改报告等）。" : "请上传相关文件（考察记录、照片等）。", "A file with the result is required.");
            v.ThrowIfInvalid();
            Attachment? stored = null;
            if (final && task.FileRequired && file is not null)
                stored = await attachments.SaveAsync(caseId, "file", file.FileName, file.Content, ct2);

            var actor = actingAs ?? new Actor(task.ReviewerId, task.ReviewerName, "reviewer", task.ReviewerOrganisation);
            var now = journal.Now;
            var text = string.IsNullOrWhiteSpace(opinion) ? null : opinion.Trim();
            if (decision == Decisions.Receive)
            {
                task.ReceivedAt = now;
                taken = new ReviewDecision(task.TaskId, decision, actor, now);
                return new CaseChange
                {
                    Key = $"receive-{task.TaskId}",
                    Event = new CaseEventDraft("review.received", $"{Organisations.NameOf(task.ReviewerOrganisation)}签收：{task.StepName}", actor, now, text),
                    Rows = [task],
                };
            }
            task.State = ReviewStates.Done;
            task.Decision = decision;
            task.Opinion = text;
            task.DecidedAt = now;
            task.DecidedById = actor.Id;
            task.DecidedByName = actor.Name;
            task.Selected = selected.Count == 0 ? null : string.Join(',', selected.Distinct());
            task.ResultAttachmentId = stored?.Id;
            task.ResultFileName = stored?.FileName;
            task.ValuesJson = filled.Count == 0 ? null : JsonSerializer.Serialize(filled, Json.Options);
            taken = task.RecordedDecision;
            var late = task.IsFollowUp && now > task.DueAt ? "（逾期报告）" : "";
            return new CaseChange
            {
                Key = $"decide-{task.TaskId}",
                Event = new CaseEventDraft("review.decided", $"{task.StepName}：{Decisions.Label(decision)}{late}", actor, now, task.Opinion,
                    stored is null ? null : [stored.Id]),
                Update = task.IsFollowUp ? null : e => e.Holder = "LinfenFlows 系统",
                Rows = [task],
            };
        }, ct);
        // Another request took the decision between this one's read and its write.
        if (recorded!.AlreadyRecorded)
        {
            if (decision == Decisions.Receive) throw Problem.Conflict("already-received", "该事项已签收。", "The task was received already.");
            ThrowUnlessOpen(LinkState.Used);
        }
        await SyncInboxAsync(acted!, link.Case.Title, ct);
        return (caseId, taken!);
    }

    /// <summary>The task's fields as filled in: scores are whole numbers within their range, texts short; unknown keys are ignored.</summary>
    private static Dictionary<string, string> CheckFields(Validator v, IReadOnlyList<ReviewField> fields, string decision, IReadOnlyDictionary<string, string> values)
    {
        var filled = new Dictionary<string, string>();
        foreach (var f in fields)
        {
            var text = values.TryGetValue(f.Key, out var raw) ? raw.Trim() : "";
            if (text.Length == 0)
            {
                v.Require(!f.IsRequiredFor(decision), f.Key, "required", $"请填写{f.Label}。", $"{f.Key} is required.");
                continue;
            }
            if (f.IsNumber)
            {
                var min = f.Min ?? 0;
                var ok = int.TryParse(text, out var n) && n >= min && n <= f.Max;
                v.Require(ok, f.Key, "range", $"{f.Label}应为{min}至{f.Max}之间的整数。", $"{f.Key} must be a whole number from {min} to {f.Max}.");
                if (ok) filled[f.Key] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                v.Require(text.Length <= 200, f.Key, "max-length", $"{f.Label}不能超过200个字。", $"{f.Key} must be at most 200 characters.");
                filled[f.Key] = text;
            }
        }
        return filled;
    }

    /// <summary>A receipt-first task is signed for once, before its result is reported.</summary>
    private static void ThrowIfOutOfOrder(ReviewTaskEntity task, string decision)
    {
        if (!task.ReceiptFirst) return;
        if (decision == Decisions.Receive && task.ReceivedAt is not null)
            throw Problem.Conflict("already-received", $"该事项已于 {BeijingTime.Format(task.ReceivedAt.Value)} 签收，请直接报告办理结果。", "The task was received already.");
        if (decision != Decisions.Receive && task.ReceivedAt is null)
            throw Problem.Conflict("not-received", "请先签收，再报告办理结果。", "The task must be received (签收) before its result is reported.");
    }

    /// <summary>
    /// At the deadline of a follow-up task: tells the supervisor (督办) and the addressee, and keeps the task open.
    /// Returns the result instead when one was reported but its event never reached the workflow.
    /// </summary>
    public Task<ReviewDecision?> EscalateAsync(CaseId caseId, string taskId, CancellationToken ct = default) =>
        ChangeUndecidedAsync(caseId, taskId, (task, c) =>
        {
            if (task.State != ReviewStates.Pending || task.EscalatedAt is not null) return null;
            task.EscalatedAt = journal.Now;
            var received = task.ReceiptFirst && task.ReceivedAt is null ? "，且尚未签收" : "";
            return new CaseChange
            {
                Key = $"escalate-{taskId}",
                Event = new CaseEventDraft("review.escalated", $"{task.StepName}逾期未办理{received}，已督办", Actor.System, journal.Now),
                Rows = [task],
                Notifications =
                [
                    new Notification($"{taskId}-overdue", task.Supervisor, "【督办】事项逾期未办理",
                        $"“{task.StepName}”（{c.Title}）应于 {BeijingTime.Format(task.DueAt)} 前由{task.ReviewerName}办理{received}，现已逾期，请督促办理。"),
                    new Notification($"{taskId}-overdue-reviewer", task.Reviewer, "【逾期】请尽快办理",
                        $"“{task.StepName}”已超过期限 {BeijingTime.Format(task.DueAt)}，已报{Organisations.NameOf(task.SupervisorOrganisation)}督办。原链接仍可使用，请尽快办理。"),
                ],
            };
        }, ct);

    /// <summary>
    /// At the deadline: marks an undecided task overdue and tells the supervisor (督办). Returns the decision instead when one
    /// was recorded but its event never reached the workflow.
    /// </summary>
    public Task<ReviewDecision?> ExpireAsync(CaseId caseId, string taskId, CancellationToken ct = default) =>
        ChangeUndecidedAsync(caseId, taskId, (task, _) =>
        {
            if (task.State != ReviewStates.Pending) return null;
            task.State = ReviewStates.Overdue;
            return new CaseChange
            {
                Key = $"expire-{taskId}",
                Event = new CaseEventDraft("review.overdue", $"{task.StepName}逾期未办理，已督办", Actor.System, journal.Now),
                Rows = [task],
                Notifications =
                [
                    new Notification($"{taskId}-overdue", task.Supervisor, "【督办】办件逾期未办理",
                        $"“{task.StepName}”应于 {BeijingTime.Format(task.DueAt)} 前由{task.ReviewerName}（{Organisations.NameOf(task.ReviewerOrganisation)}）办理，现已逾期，请督促办理。"),
                    new Notification($"{taskId}-overdue-reviewer", task.Reviewer, "【逾期】您的待办已逾期",
                        $"“{task.StepName}”已超过办理期限 {BeijingTime.Format(task.DueAt)}，已报{Organisations.NameOf(task.SupervisorOrganisation)}督办。"),
                ],
            };
        }, ct);

    /// <summary>
    /// Withdraws an open (or overdue) task: its link stops working and the reviewer is told there is nothing to do.
    /// Returns the decision instead when one was taken first.
    /// </summary>
    public Task<ReviewDecision?> CancelAsync(CaseId caseId, string taskId, string reason, CancellationToken ct = default) =>
        ChangeUndecidedAsync(caseId, taskId, (task, _) =>
        {
            if (task.State is not (ReviewStates.Pending or ReviewStates.Overdue)) return null;
            task.State = ReviewStates.Cancelled;
            return new CaseChange
            {
                Key = $"cancel-{taskId}",
                Event = new CaseEventDraft("review.cancelled", $"{task.StepName}已撤销", Actor.System, journal.Now, reason),
                Rows = [task],
                Notifications =
                [
                    new Notification($"{taskId}-cancelled", task.Reviewer, "【撤销】待办事项已撤销",
                        $"“{task.StepName}”已撤销（{reason}），无需再办理，原链接已失效。"),
                ],
            };
        }, ct);

    /// <summary>
    /// Changes a task that has no decision (expires, cancels or escalates it), as <paramref name="change"/> says (null:
    /// nothing to do). When a decision was recorded first (its event may not have reached the workflow yet), that decision
    /// is returned instead.
    /// </summary>
    private async Task<ReviewDecision?> ChangeUndecidedAsync(CaseId caseId, string taskId, Func<ReviewTaskEntity, CaseEntity, CaseChange?> change, CancellationToken ct)
    {
        ReviewTaskEntity? seen = null;
        string title = "";
        await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            title = c.Title;
            seen = await journal.FindTaskAsync(caseId, taskId, ct2) ?? throw Problem.NotFound("待办事项", "Task");
            return change(seen, c);
        }, ct);
        await SyncInboxAsync(seen!, title, ct);
        return seen?.State == ReviewStates.Done ? seen.RecordedDecision : null;
    }

    /// <summary>
    /// Brings the organisation's inbox row in line with the task row (the truth): present while the task is open, gone after.
    /// Runs after every change of a task, with the task row as just written (or read), and is safe to repeat, so a crash in
    /// between is mended by the next change or a retry.
    /// </summary>
    private async Task SyncInboxAsync(ReviewTaskEntity task, string caseTitle, CancellationToken ct)
    {
        var rowKey = InboxEntity.RowKeyOf(task.PartitionKey, task.TaskId);
        if (!task.IsOpen)
        {
            await inbox.DeleteEntityAsync(task.ReviewerOrganisation, rowKey, cancellationToken: ct);
            return;
        }
        await inbox.UpsertEntityAsync(new InboxEntity
        {
            PartitionKey = task.ReviewerOrganisation, RowKey = rowKey, CaseId = task.PartitionKey, TaskId = task.TaskId, CaseTitle = caseTitle,
            StepName = task.StepName, ReviewerName = task.ReviewerName, DueAt = task.DueAt, ReceivedAt = task.ReceivedAt, EscalatedAt = task.EscalatedAt,
        }, TableUpdateMode.Replace, ct);
    }

    /// <summary>An organisation's open tasks, soonest deadline first.</summary>
    public async Task<IReadOnlyList<InboxEntity>> InboxAsync(string organisation, CancellationToken ct = default)
    {
        var rows = new List<InboxEntity>();
        await foreach (var row in inbox.QueryAsync<InboxEntity>(e => e.PartitionKey == organisation, cancellationToken: ct)) rows.Add(row);
        return rows.OrderBy(r => r.DueAt).ToList();
    }

    private static void ThrowUnlessOpen(LinkState state)
    {
        switch (state)
        {
            case LinkState.Open: return;
            case LinkState.Used: throw Problem.Conflict("link-used", "该链接已使用，事项已办理。", "This link has already been used.");
            case LinkState.Expired: throw Problem.Conflict("link-expired", "该链接已过期，请联系督办单位。", "This link has expired.");
            case LinkState.Closed: throw Problem.Conflict("link-closed", "该事项已撤销或办件已办结。", "The task was withdrawn or the case is closed.");
            default: throw Problem.NotFound("链接", "Link");
        }
    }

    private async Task ScheduleRemindersAsync(string caseId, string taskId, DateTimeOffset dueAt, IReadOnlyList<int> remindWorkingDaysBefore, CancellationToken ct)
    {
        var dueDay = BeijingTime.LastDayOf(dueAt);
        var today = BeijingTime.DateOf(journal.Now);
        foreach (var before in remindWorkingDaysBefore.Distinct())
        {
            var day = WorkingDaysBefore(dueDay, before);
            if (day is null || day <= today) continue;
            await deadlines.UpsertEntityAsync(new DeadlineEntity
            {
                PartitionKey = DeadlineEntity.PartitionOf(day.Value), RowKey = $"{caseId}_{taskId}_{dueDay:yyyyMMdd}_{before}",
                CaseId = caseId, TaskId = taskId, DueAt = dueAt,
            }, cancellationToken: ct);
        }
    }

    private DateOnly? WorkingDaysBefore(DateOnly due, int count)
    {
        var day = due;
        for (var n = 0; n < count;)
        {
            day = day.AddDays(-1);
            if (!calendar.HasYear(day.Year)) return null;
            if (calendar.IsWorkingDay(day)) n++;
        }
        return day;
    }
}
