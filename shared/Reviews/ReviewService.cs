using Azure.Data.Tables;
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
public sealed class ReviewService(StorageAccount storage, CaseJournal journal, WorkingCalendar calendar, PublicUrls urls)
{
    private readonly TableClient links = storage.Table(StorageNames.ReviewLinks);
    private readonly TableClient deadlines = storage.Table(StorageNames.Deadlines);

    /// <summary>Opens the task and sends the reviewer the link. Running it again for the same task changes nothing.</summary>
    public async Task OpenAsync(ReviewSpec spec, CancellationToken ct = default)
    {
        var caseId = new CaseId(spec.CaseId);
        if (await journal.FindRowAsync<ReviewTaskEntity>(caseId, RowKeys.Task(spec.TaskId), ct) is null)
        {
            var token = LinkTokens.New();
            var hash = LinkTokens.Hash(token);
            // The link row goes first: should the step fail after it, the orphan link resolves to no task and opens nothing.
            await links.UpsertEntityAsync(new ReviewLinkEntity { PartitionKey = hash, RowKey = "", CaseId = spec.CaseId, TaskId = spec.TaskId }, cancellationToken: ct);
            var c = await journal.GetAsync(caseId, ct);
            var task = new ReviewTaskEntity
            {
                RowKey = RowKeys.Task(spec.TaskId), TaskId = spec.TaskId, Step = spec.Step, StepName = spec.StepName,
                ReviewerId = spec.Reviewer.Id, ReviewerName = spec.Reviewer.Name, ReviewerOrganisation = spec.Reviewer.Organisation,
                SupervisorId = spec.Supervisor.Id, SupervisorName = spec.Supervisor.Name, SupervisorOrganisation = spec.Supervisor.Organisation,
                AllowedDecisions = string.Join(',', spec.Decisions), DueAt = spec.DueAt, TokenHash = hash, MaxExtensionDays = spec.MaxExtensionDays,
                RemindWorkingDaysBefore = string.Join(',', spec.RemindWorkingDaysBefore),
            };
            var due = BeijingTime.Format(spec.DueAt);
            await journal.RecordAsync(caseId, new CaseChange
            {
                Key = $"open-{spec.TaskId}",
                Event = new CaseEventDraft("review.opened", $"送{spec.Reviewer.Name}{spec.StepName}，办理期限 {due}", Actor.System, journal.Now),
                Update = e => { e.Step = spec.StepName; e.Holder = Organisations.NameOf(spec.Reviewer.Organisation); e.DueAt = spec.DueAt; },
                Rows = [task],
                Notifications =
                [
                    new Notification($"{spec.TaskId}-link", spec.Reviewer, $"【待办】{c.Title}",
                        $"请于 {due} 前完成“{spec.StepName}”。点击链接查看材料并办理（链接仅限本人使用一次）。",
                        urls.Absolute(Routes.ReviewPath(token))),
                ],
            }, ct);
        }
        await ScheduleRemindersAsync(spec.CaseId, spec.TaskId, spec.DueAt, spec.RemindWorkingDaysBefore, ct);
    }

    /// <summary>
    /// Extends an open task's deadline once, by whole calendar days up to the task's limit, with a reason. The link keeps
    /// working until the new deadline and reminders follow it; the step is told through the returned extension.
    /// </summary>
    public async Task<(CaseId CaseId, ReviewExtension Extension)> ExtendAsync(string token, int? days, string? reason, CancellationToken ct = default)
    {
        var link = await ResolveAsync(token, ct);
        ThrowUnlessOpen(link.State);
        var caseId = link.Case!.Id;
        ReviewExtension? extension = null;
        var recorded = await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var task = await journal.FindRowAsync<ReviewTaskEntity>(caseId, link.Task!.RowKey, ct2) ?? throw Problem.NotFound("待办事项", "Task");
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
        await ScheduleRemindersAsync(caseId.Value, extension!.TaskId, extension.DueAt, link.Task!.RemindDays, ct);
        return (caseId, extension);
    }

    public async Task<ResolvedLink> ResolveAsync(string? token, CancellationToken ct = default)
    {
        if (!LinkTokens.IsWellFormed(token)) return new ResolvedLink(LinkState.Unknown);
        var link = await links.GetEntityIfExistsAsync<ReviewLinkEntity>(LinkTokens.Hash(token!), "", cancellationToken: ct);
        if (!link.HasValue) return new ResolvedLink(LinkState.Unknown);
        var caseId = new CaseId(link.Value!.CaseId);
        var c = await journal.FindAsync(caseId, ct);
        var task = await journal.FindRowAsync<ReviewTaskEntity>(caseId, RowKeys.Task(link.Value.TaskId), ct);
        if (c is null || task is null || task.TokenHash != link.Value.PartitionKey) return new ResolvedLink(LinkState.Unknown);
        return new ResolvedLink(StateOf(task, c), c, task);
    }

    /// <summary>The one rule for what a link to this task allows now: it expires with the task's (possibly extended) deadline.</summary>
    private LinkState StateOf(ReviewTaskEntity task, CaseEntity c) => task.State switch
    {
        ReviewStates.Done => LinkState.Used,
        ReviewStates.Cancelled => LinkState.Closed,
        ReviewStates.Overdue => LinkState.Expired,
        _ when c.Status is CaseStatus.Completed or CaseStatus.Withdrawn => LinkState.Closed,
        _ when journal.Now >= task.DueAt => LinkState.Expired,
        _ => LinkState.Open,
    };

    /// <summary>Takes the decision; exactly one of any number of concurrent attempts on a task wins.</summary>
    public async Task<(CaseId CaseId, ReviewDecision Decision)> DecideAsync(string token, string decision, string? opinion, CancellationToken ct = default)
    {
        var link = await ResolveAsync(token, ct);
        ThrowUnlessOpen(link.State);
        var caseId = link.Case!.Id;
        ReviewDecision? taken = null;
        var recorded = await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var task = await journal.FindRowAsync<ReviewTaskEntity>(caseId, link.Task!.RowKey, ct2)
                       ?? throw Problem.NotFound("待办事项", "Task");
            ThrowUnlessOpen(StateOf(task, c));
            var v = new Validator();
            v.Require(task.Allowed.Contains(decision), "decision", "allowed-decision",
                $"办理结果只能是：{string.Join("、", task.Allowed.Select(Decisions.Label))}。",
                $"decision must be one of: {string.Join(", ", task.Allowed)}.");
            v.Require(decision == Decisions.Approve || !string.IsNullOrWhiteSpace(opinion), "opinion", "required-unless-approved",
                "退回或不同意时必须填写意见。", "An opinion is required unless the decision is approve.");
            v.Require((opinion?.Length ?? 0) <= 2000, "opinion", "max-length", "意见不能超过2000字。", "opinion must be at most 2000 characters.");
            v.ThrowIfInvalid();

            var actor = new Actor(task.ReviewerId, task.ReviewerName, "reviewer", task.ReviewerOrganisation);
            var now = journal.Now;
            task.State = ReviewStates.Done;
            task.Decision = decision;
            task.Opinion = string.IsNullOrWhiteSpace(opinion) ? null : opinion.Trim();
            task.DecidedAt = now;
            task.DecidedById = actor.Id;
            task.DecidedByName = actor.Name;
            taken = task.RecordedDecision;
            return new CaseChange
            {
                Key = $"decide-{task.TaskId}",
                Event = new CaseEventDraft("review.decided", $"{task.StepName}：{Decisions.Label(decision)}", actor, now, task.Opinion),
                Update = e => e.Holder = "LinfenFlows 系统",
                Rows = [task],
            };
        }, ct);
        // Another request took the decision between this one's read and its write.
        if (recorded!.AlreadyRecorded) ThrowUnlessOpen(LinkState.Used);
        return (caseId, taken!);
    }

    /// <summary>
    /// At the deadline: marks an undecided task overdue and tells the supervisor (督办). Returns the decision instead when one
    /// was recorded but its event never reached the workflow.
    /// </summary>
    public Task<ReviewDecision?> ExpireAsync(CaseId caseId, string taskId, CancellationToken ct = default) =>
        CloseAsync(caseId, taskId, task =>
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
        CloseAsync(caseId, taskId, task =>
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
    /// Ends a task without a decision, as <paramref name="close"/> says (null: nothing to do). When a decision was recorded
    /// first (its event may not have reached the workflow yet), that decision is returned instead.
    /// </summary>
    private async Task<ReviewDecision?> CloseAsync(CaseId caseId, string taskId, Func<ReviewTaskEntity, CaseChange?> close, CancellationToken ct)
    {
        ReviewTaskEntity? seen = null;
        await journal.RecordAsync(caseId, async (_, ct2) =>
        {
            seen = await journal.FindRowAsync<ReviewTaskEntity>(caseId, RowKeys.Task(taskId), ct2) ?? throw Problem.NotFound("待办事项", "Task");
            return close(seen);
        }, ct);
        return seen?.State == ReviewStates.Done ? seen.RecordedDecision : null;
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
