using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Shared.Tasks;

/// <summary>
/// A task's deadline and what happens at it: the one extension its holder may grant (第三十二条), the recount when the
/// official calendar replaces a provisional year, and at the deadline itself — expiry (督办), escalation of a follow-up
/// that stays open, or cancellation when the workflow no longer needs the task.
/// </summary>
public sealed class TaskDeadlines(CaseJournal journal, WorkingCalendars calendars, TaskInbox inbox, TaskReminders reminders,
    ProvisionalDeadlines provisional, PublicUrls urls, TimeProvider clock)
{
    public const string TrackedKind = "task";

    /// <summary>
    /// Extends an open task's deadline once, by whole calendar days up to the task's limit, with a reason. The link keeps
    /// working until the new deadline and reminders follow it; the step is told through the returned move.
    /// </summary>
    public async Task<DeadlineMoved> ExtendAsync(TaskAccess access, int? days, string? reason, CancellationToken ct = default)
    {
        access.ThrowUnlessOpen();
        var caseId = access.Case!.Id;
        DeadlineMoved? moved = null;
        TaskEntity? extended = null;
        var recorded = await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var task = extended = await journal.FindRowAsync<TaskEntity>(caseId, access.Task!.RowKey, ct2)
                ?? throw Problem.NotFound("待办事项", "Task");
            TaskAccessRules.ThrowUnlessOpen(TaskAccessRules.StateOf(task, c, clock.GetUtcNow()));
            if (task.MaxExtensionDays == 0) throw Problem.Conflict("no-extension", "该事项不能延期。", "This task cannot be extended.");
            if (task.ExtendedByDays > 0)
                throw Problem.Conflict("already-extended", $"该事项已延期{task.ExtendedByDays}日，只能延期一次。",
                    "The deadline was extended already; it can be extended once.");
            new Validator()
                .Require(days is >= 1 && days <= task.MaxExtensionDays, "days", "extension-range",
                    $"延期天数应为1至{task.MaxExtensionDays}日。", $"days must be between 1 and {task.MaxExtensionDays}.")
                .Required(reason, "opinion", "延期理由", 2000)
                .ThrowIfInvalid();
            // 第三十二条: extended by whole days after the day the period ended; the new deadline is that instant, fixed.
            var holder = access.Holder!;
            task.ExtendedByDays = days!.Value;
            task.Due = Deadline.FixedAt(BeijingTime.EndOf(BeijingTime.LastDayOf(task.DueAt).AddDays(days.Value)));
            moved = new DeadlineMoved(task.TaskId, task.DueAt);
            return new CaseChange
            {
                Key = $"extend-{task.TaskId}",
                Event = new CaseEventDraft("review.extended", $"{task.StepName}延期{days}日，新期限 {task.Due.Display}",
                    new Actor(holder.PersonId, holder.Signature, task.AssigneeRole, task.AssigneeOrganisation),
                    clock.GetUtcNow(), reason!.Trim()),
                Update = e => e.DueAt = task.DueAt,
                Rows = [task],
                Notifications =
                [
                    new Notification($"{task.TaskId}-extended", task.Supervisor, "【延期】办理期限已延长",
                        $"“{task.StepName}”（{c.Title}）由{holder.Signature}延期{days}日，新期限 {task.Due.Display}。理由：{reason.Trim()}"),
                ],
            };
        }, ct);
        if (recorded!.AlreadyRecorded) throw Problem.Conflict("already-extended", "该事项已延期，只能延期一次。", "The deadline was extended already.");
        await AfterMoveAsync(extended!, access.Case.Title, ct);
        return moved!;
    }

    /// <summary>
    /// Counts an open task's deadline again on the calendar in force (after a notice was imported), by its period's rule.
    /// A move lands in the timeline and the holders are told; a task whose workflow cannot move its timer keeps its deadline.
    /// </summary>
    /// <returns>The move the workflow must follow, or null when the deadline stays.</returns>
    public async Task<DeadlineMoved?> RecountAsync(CaseId caseId, string taskId, CancellationToken ct = default)
    {
        var calendar = await calendars.CurrentAsync(ct);
        DeadlineMoved? moved = null;
        TaskEntity? changed = null;
        string title = "";
        await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            title = c.Title;
            var task = changed = await journal.FindTaskAsync(caseId, taskId, ct2);
            if (task is not { IsOpen: true } || !task.Due.Basis.IsProvisional) return null;
            var before = task.Due;
            var (recounted, move) = calendar.Recount(before);
            // A workflow started before 1.2 cannot move its timer: its task keeps the deadline it was given.
            if (move is DeadlineMove.Later or DeadlineMove.Earlier && !task.DeadlineFollowsMoves)
                (recounted, move) = (recounted with { At = before.At }, DeadlineMove.Unchanged);
            task.Due = recounted;
            if (move is DeadlineMove.Later or DeadlineMove.Earlier) moved = new DeadlineMoved(taskId, recounted.At);
            var basis = recounted.Basis.Describe();
            var label = move switch
            {
                DeadlineMove.Later or DeadlineMove.Earlier =>
                    $"国务院节假日安排已发布，“{task.StepName}”期限由 {BeijingTime.Format(before.At)} 调整为 {BeijingTime.Format(recounted.At)}（{basis}）",
                DeadlineMove.KeptForPublic => $"国务院节假日安排已发布，“{task.StepName}”期限保持已告知的 {BeijingTime.Format(before.At)} 不提前（{basis}）",
                _ => $"国务院节假日安排已发布，“{task.StepName}”期限 {BeijingTime.Format(before.At)} 不变（{basis}）",
            };
            return new CaseChange
            {
                Key = $"recount-{taskId}-{recounted.Basis.Code}",
                Event = new CaseEventDraft("review.recounted", label, Actor.System, clock.GetUtcNow()),
                Update = task.IsFollowUp || moved is null ? null : e => e.DueAt = recounted.At,
                Rows = [task],
                Notifications = moved is null ? []
                    : task.Holders.Select(h => new Notification($"{taskId}-recount-{recounted.Basis.Code}-{h.PersonId}",
                        new Recipient(h.PersonId, h.Signature, task.AssigneeOrganisation), $"【期限调整】{c.Title}", label + "。")).ToList(),
            };
        }, ct);
        if (changed is { IsOpen: true }) await AfterMoveAsync(changed, title, ct);
        return moved;
    }

    /// <summary>
    /// At the deadline of a follow-up task: tells the supervisor (督办) and the holders, and keeps the task open. Returns the
    /// result instead when one was reported but its event never reached the workflow.
    /// </summary>
    public Task<TaskDecision?> EscalateAsync(CaseId caseId, string taskId, CancellationToken ct = default) =>
        ChangeUndecidedAsync(caseId, taskId, (task, c) =>
        {
            if (task.State != TaskStates.Pending || task.EscalatedAt is not null) return null;
            var now = clock.GetUtcNow();
            task.EscalatedAt = now;
            var received = task.ReceiptFirst && task.ReceivedAt is null ? "，且尚未签收" : "";
            return new CaseChange
            {
                Key = $"escalate-{taskId}",
                Event = new CaseEventDraft("review.escalated", $"{task.StepName}逾期未办理{received}，已督办", Actor.System, now),
                Rows = [task],
                Notifications =
                [
                    new Notification($"{taskId}-overdue", task.Supervisor, "【督办】事项逾期未办理",
                        $"“{task.StepName}”（{c.Title}）应于 {BeijingTime.Format(task.DueAt)} 前由{task.AssigneeName}办理{received}，现已逾期，请督促办理。",
                        urls.Absolute(Routes.CaseProgressPath(c.PartitionKey))),
                    .. ToHolders(task, "overdue-holder", "【逾期】请尽快办理",
                        $"“{task.StepName}”已超过期限 {BeijingTime.Format(task.DueAt)}，已督办。原链接仍可使用，请尽快办理。"),
                ],
            };
        }, ct);

    /// <summary>
    /// At the deadline: marks an undecided task overdue and tells the supervisor (督办). Returns the decision instead when one
    /// was recorded but its event never reached the workflow.
    /// </summary>
    public Task<TaskDecision?> ExpireAsync(CaseId caseId, string taskId, CancellationToken ct = default) =>
        ChangeUndecidedAsync(caseId, taskId, (task, c) =>
        {
            if (task.State != TaskStates.Pending) return null;
            task.State = TaskStates.Overdue;
            return new CaseChange
            {
                Key = $"expire-{taskId}",
                Event = new CaseEventDraft("review.overdue", $"{task.StepName}逾期未办理，已督办", Actor.System, clock.GetUtcNow()),
                Rows = [task],
                Notifications =
                [
                    new Notification($"{taskId}-overdue", task.Supervisor, "【督办】办件逾期未办理",
                        $"“{task.StepName}”（{c.Title}）应于 {BeijingTime.Format(task.DueAt)} 前由{task.HolderNames}（{task.AssigneeName}）办理，" +
                        "现已逾期，请督促办理。", urls.Absolute(Routes.CaseProgressPath(c.PartitionKey))),
                    .. ToHolders(task, "overdue-holder", "【逾期】您的待办已逾期", $"“{task.StepName}”已超过办理期限 {BeijingTime.Format(task.DueAt)}，已督办。"),
                ],
            };
        }, ct);

    /// <summary>
    /// Withdraws an open (or overdue) task: its links stop working and the holders are told. Returns the decision when one was taken first.
    /// </summary>
    public Task<TaskDecision?> CancelAsync(CaseId caseId, string taskId, string reason, CancellationToken ct = default) =>
        ChangeUndecidedAsync(caseId, taskId, (task, _) =>
        {
            if (task.State is not (TaskStates.Pending or TaskStates.Overdue)) return null;
            task.State = TaskStates.Cancelled;
            return new CaseChange
            {
                Key = $"cancel-{taskId}",
                Event = new CaseEventDraft("review.cancelled", $"{task.StepName}已撤销", Actor.System, clock.GetUtcNow(), reason),
                Rows = [task],
                Notifications = ToHolders(task, "cancelled", "【撤销】待办事项已撤销", $"“{task.StepName}”已撤销（{reason}），无需再办理，原链接已失效。"),
            };
        }, ct);

    private static List<Notification> ToHolders(TaskEntity task, string id, string subject, string body) =>
        task.Holders.Select(h => new Notification($"{task.TaskId}-{id}-{h.PersonId}",
            new Recipient(h.PersonId, h.Signature, task.AssigneeOrganisation), subject, body)).ToList();

    /// <summary>
    /// The inbox, the reminders and (when it rests on a provisional year) the recount index follow a deadline that moved.
    /// </summary>
    private async Task AfterMoveAsync(TaskEntity task, string caseTitle, CancellationToken ct)
    {
        await inbox.SyncAsync(task, caseTitle, ct);
        await reminders.ScheduleAsync(task.PartitionKey, task.TaskId, task.DueAt, task.RemindDays, ct);
        await provisional.TrackAsync(task.Due, TrackedKind, task.PartitionKey, task.TaskId, ct);
    }

    /// <summary>
    /// Changes a task that has no decision, as <paramref name="change"/> says (null: nothing to do). When a decision was
    /// recorded first (its event may not have reached the workflow yet), that decision is returned instead.
    /// </summary>
    private async Task<TaskDecision?> ChangeUndecidedAsync(CaseId caseId, string taskId, Func<TaskEntity, CaseEntity, CaseChange?> change,
        CancellationToken ct)
    {
        TaskEntity? seen = null;
        string title = "";
        await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            title = c.Title;
            seen = await journal.FindTaskAsync(caseId, taskId, ct2) ?? throw Problem.NotFound("待办事项", "Task");
            return change(seen, c);
        }, ct);
        await inbox.SyncAsync(seen!, title, ct);
        return seen?.State == TaskStates.Done ? seen.RecordedDecision : null;
    }
}
