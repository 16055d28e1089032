using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using Microsoft.DurableTask;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Accidents;

public sealed record PlanReviewInput(string CaseId, DateTimeOffset ReceivedAt, int Round, int Escalation);
public sealed record ReturnRequestInput(string CaseId, TaskDecision Decision);
/// <param name="FollowThrough">Version 1.1 on: the case stays open for the follow-through instead of closing at the reply.</param>
public sealed record IssueReplyInput(string CaseId, TaskDecision Decision, bool FollowThrough = false);
public sealed record CloseWithdrawnInput(string CaseId, AccidentWithdrawn Withdrawal);

/// <summary>Typed calls of the accident activities, so the workflow reads as the process.</summary>
public static class AccidentActivityCalls
{
    public static Task<TaskSpec> PlanCityGovernmentReviewAsync(this TaskOrchestrationContext c, PlanReviewInput input) =>
        c.CallAsync<TaskSpec>(AccidentActivities.PlanCityGovernmentReview, input);

    public static Task ReturnAccidentRequestAsync(this TaskOrchestrationContext c, ReturnRequestInput input) =>
        c.CallAsync(AccidentActivities.ReturnAccidentRequest, input);

    public static Task<AccidentApprovalResult> IssueAccidentReplyAsync(this TaskOrchestrationContext c, IssueReplyInput input) =>
        c.CallAsync<AccidentApprovalResult>(AccidentActivities.IssueAccidentReply, input);

    public static Task<AccidentApprovalResult> CloseWithdrawnRequestAsync(this TaskOrchestrationContext c, CloseWithdrawnInput input) =>
        c.CallAsync<AccidentApprovalResult>(AccidentActivities.CloseWithdrawnRequest, input);
}

/// <summary>When the city government's reviewers are reminded, and how long a fresh task after a 督办 runs (policy, configurable).</summary>
public sealed class AccidentPolicy
{
    public int[] RemindWorkingDaysBefore { get; set; } = [3, 1];
    /// <summary>After the legal deadline has passed: working days the reviewer's fresh link stays valid.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 30)]
    public int OverdueGraceWorkingDays { get; set; } = 3;
}

/// <summary>Who acts in the accident process: roles in organisations, resolved from the directory when a task opens.</summary>
public static class AccidentParties
{
    /// <summary>市人民政府 / 审批 (the responsible vice mayor) replies to the request.</summary>
    public static readonly Assignee CityReviewer = new(Organisations.CityGovernment, Roles.Reviewer);
    /// <summary>市政府督查室 supervises the reply's legal time limit.</summary>
    public static readonly Assignee Inspection = new(Organisations.CityGovernmentInspection, Roles.Supervisor);
    /// <summary>市应急管理局 / 督办 follows the hand-offs and measures and receives the implementation report.</summary>
    public static readonly Assignee FollowThroughSupervisor = new(Organisations.CityEmergencyBureau, Roles.Supervisor);
    /// <summary>The bureau's head (审批) signs its report back to the city government (签发人).</summary>
    public static readonly Assignee BureauHead = new(Organisations.CityEmergencyBureau, Roles.Reviewer);
    /// <summary>The bureau's 政务公开 desk publishes the handling opinions (向社会公布).</summary>
    public static readonly Assignee Publisher = new(Organisations.CityEmergencyDisclosure, Roles.Applicant);
}

public sealed class AccidentActivities(CaseJournal journal, WorkingCalendars calendars, DocumentNumbers numbers,
    AttachmentStore attachments, AccidentPolicy policy, PublicUrls urls, TimeProvider clock)
{
    public const string PlanCityGovernmentReview = nameof(PlanCityGovernmentReview);
    public const string ReturnAccidentRequest = nameof(ReturnAccidentRequest);
    public const string IssueAccidentReply = nameof(IssueAccidentReply);
    public const string CloseWithdrawnRequest = nameof(CloseWithdrawnRequest);
    public const string ReplyIssuer = Issuers.CityGovernmentLetter;

    /// <summary>The review task of a round, with its deadline: the legal one, or after it has passed a short grace period.</summary>
    public async Task<TaskSpec> PlanAsync(PlanReviewInput input)
    {
        var details = AccidentCaseDetails.Of(await journal.GetAsync(new CaseId(input.CaseId)));
        var calendar = await calendars.CurrentAsync();
        var due = input.Escalation == 0
            ? AccidentDeadlines.ReplyDue(calendar, details.Request.Level!, input.ReceivedAt)
            : calendar.Compute(new Period(PeriodKind.WorkingDays, BeijingTime.DateOf(clock.GetUtcNow()), policy.OverdueGraceWorkingDays));
        return new TaskSpec
        {
            CaseId = input.CaseId, TaskId = $"city-review-{input.Round}-{input.Escalation}", Step = "city-government-review",
            StepName = input.Escalation == 0 ? "市政府审批" : $"市政府审批（逾期督办第{input.Escalation}次）",
            AssignedTo = AccidentParties.CityReviewer, Supervisor = AccidentParties.Inspection,
            Decisions = [Decisions.Approve, Decisions.Return], Due = due, RemindWorkingDaysBefore = policy.RemindWorkingDaysBefore,
            // The legal period may be extended once; a reviewer already overdue may not.
            MaxExtensionDays = input.Escalation == 0 ? AccidentRules.MaxExtensionDays : 0,
        };
    }

    public async Task ReturnAsync(ReturnRequestInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var entity = await journal.GetAsync(caseId);
        var details = AccidentCaseDetails.Of(entity);
        var opinion = (await journal.FindTaskAsync(caseId, input.Decision.TaskId))?.Opinion;
        await journal.RecordAsync(entity, new CaseChange
        {
            Key = $"return-{input.Decision.TaskId}",
            Event = new CaseEventDraft("accident.returned", "退回市应急管理局修改", Actor.System, clock.GetUtcNow(), opinion),
            Update = c =>
            {
                c.Status = CaseStatus.Returned; c.Step = "待修改后重新报送"; c.Holder = Organisations.NameOf(c.ApplicantOrganisation);
                c.DueAt = null;
            },
            Notifications =
            [
                new Notification($"{input.Decision.TaskId}-returned", details.Submitter, $"【退回修改】{details.Request.RequestNumber}",
                    $"市人民政府退回了你局报送的请示，意见：{opinion?.TrimEnd('。')}。请修改后重新报送。", urls.Absolute(Routes.CaseProgressPath(input.CaseId))),
            ],
        });
    }

    public async Task<AccidentApprovalResult> IssueAsync(IssueReplyInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var entity = await journal.GetAsync(caseId);
        var details = AccidentCaseDetails.Of(entity);
        var day = BeijingTime.DateOf(input.Decision.DecidedAt);
        var number = await numbers.AllocateAsync(ReplyIssuer, day.Year, input.CaseId);
        var (file, view) = await attachments.SaveDocumentAsync(caseId, number.ToString(),
            AccidentReplyDocument.Model(number, details.Request, day));
        await journal.RecordAsync(entity, new CaseChange
        {
            Key = "reply-issued",
            Event = new CaseEventDraft("accident.replied", $"印发批复 {number}", Actor.System, clock.GetUtcNow(), null, [file.Id]),
            Update = c =>
            {
                c.Status = input.FollowThrough ? CaseStatus.Implementing : CaseStatus.Completed;
                c.Step = input.FollowThrough ? "已批复，待移送落实" : "已批复"; c.Holder = ""; c.DueAt = null;
                c.DocumentNumber = number.ToString(); c.DocumentAttachmentId = file.Id; c.DocumentViewAttachmentId = view.Id;
            },
            Notifications =
            [
                new Notification($"{input.CaseId}-replied", details.Submitter, $"【批复】{number}",
                    $"市人民政府已批复你局报送的请示（{details.Request.RequestNumber}），批复文号 {number}。请按批复要求抓好落实，并及时报告落实情况。",
                    urls.Absolute(Routes.CaseAttachmentPath(input.CaseId, file.Id))),
            ],
        });
        return new AccidentApprovalResult(input.CaseId, AccidentApprovalResult.Replied, number.ToString(), file.Id);
    }

    public async Task<AccidentApprovalResult> CloseWithdrawnAsync(CloseWithdrawnInput input)
    {
        var w = input.Withdrawal;
        await journal.RecordAsync(new CaseId(input.CaseId), new CaseChange
        {
            Key = "withdrawn",
            Event = new CaseEventDraft("accident.withdrawn", "市应急管理局撤回请示", w.By, w.At, w.Reason),
            Update = c => { c.Status = CaseStatus.Withdrawn; c.Step = "已撤回"; c.Holder = ""; c.DueAt = null; },
        });
        return new AccidentApprovalResult(input.CaseId, AccidentApprovalResult.Withdrawn);
    }
}

/// <summary>The accident request as kept on its case, with who submitted it and the current round.</summary>
public sealed record AccidentCaseDetails(AccidentRequest Request, Recipient Submitter, string ReportAttachmentId, int Round,
    DateTimeOffset ReceivedAt)
{
    public static AccidentCaseDetails Of(CaseEntity entity) =>
        JsonSerializer.Deserialize<AccidentCaseDetails>(entity.DetailsJson, Json.Options)
        ?? throw new InvalidDataException($"Case {entity.PartitionKey} has no accident details.");

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);
}

public static class AccidentDeadlines
{
    /// <summary>
    /// The end (24:00 Beijing) of the last day of the reply period, counted from the day after receipt; it binds the government.
    /// </summary>
    public static Deadline ReplyDue(WorkingCalendar calendar, string level, DateTimeOffset receivedAt) =>
        calendar.Compute(new Period(PeriodKind.Days, BeijingTime.DateOf(receivedAt), AccidentRules.ReplyPeriodDays(level)));
}

public static class AccidentSummary
{
    /// <summary>
    /// The stages a person following the case sees, each done once its timeline entry is there; the follow-through only once
    /// every hand-off and measure is reported.
    /// </summary>
    public static readonly IReadOnlyList<CaseStage> Stages =
    [
        new("市应急管理局报送请示", "accident.submitted"),
        new("市政府审批、印发批复", "accident.replied"),
        new("移送责任追究、督促整改", "accident.follow-through", AccidentFollowThroughActivities.HandOffPrefix,
            AccidentFollowThroughActivities.MeasurePrefix),
        new("处理意见向社会公布", "accident.disclosed", AccidentFollowThroughActivities.DisclosureTask),
        new("各单位报告落实情况，形成落实情况报告，办结", "accident.closed"),
    ];

    /// <summary>The request as a reviewer reads it, label by label.</summary>
    public static IEnumerable<(string Label, string Value)> Lines(AccidentCaseDetails d)
    {
        var r = d.Request;
        yield return ("请示文号", r.RequestNumber ?? "");
        yield return ("事故单位", r.Enterprise ?? "");
        yield return ("事故发生地", r.County ?? "");
        yield return ("发生日期", r.OccurredOn is { } on ? BeijingTime.FormatDate(on) : "");
        yield return ("事故类型", r.AccidentType ?? "");
        yield return ("事故等级", r.Level ?? "");
        yield return ("事故概况", r.Summary ?? "");
        foreach (var p in (r.ResponsiblePersons ?? []).Concat(r.ResponsibleUnits ?? []))
            yield return ("责任认定及处理", $"{p.Name}{(string.IsNullOrWhiteSpace(p.Position) ? "" : $"（{p.Position}）")}：" +
                $"{p.Handling}{(string.IsNullOrWhiteSpace(p.Detail) ? "" : "，" + p.Detail)}");
        foreach (var (m, i) in (r.PreventionMeasures ?? []).Select((m, i) => (m, i)))
            yield return ($"防范整改措施{i + 1}",
                $"{m.Content}（责任单位：{m.ResponsibleUnit}{(m.DueOn is { } by ? "，" + BeijingTime.FormatDate(by) + "前完成" : "")}）");
        yield return ("报送次数", $"第{d.Round}次报送");
    }
}
