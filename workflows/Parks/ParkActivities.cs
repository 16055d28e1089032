using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using Microsoft.DurableTask;

namespace LinfenFlows.Workflows.Parks;

public sealed record ReturnParkInput(string CaseId, string TaskId);
public sealed record CloseParkCaseInput(string CaseId, string Outcome, string? TaskId = null);
public sealed record PanelPlan(int PanelSize, int PoolSize);
public sealed record CombinePanelInput(string CaseId, IReadOnlyList<string> TaskIds);
/// <summary>The panel's combined result: how many seats recommended, how many were needed of how many seats.</summary>
public sealed record PanelVerdict(bool Recommended, int Recommends, int Needed, int PanelSize);
public sealed record PublicityWindow(DateTimeOffset StartsAt, DateTimeOffset EndsAt);
public sealed record ConcludePublicityInput(string CaseId, IReadOnlyList<string> TaskIds);
public sealed record IssueParkReplyInput(string CaseId, string ApprovalTaskId, DateTimeOffset ApprovedAt);

/// <summary>Typed calls of the recognition activities, so the workflow reads as the process.</summary>
public static class ParkActivityCalls
{
    public static Task<TaskSpec> PlanParkTaskAsync(this TaskOrchestrationContext c, PlanParkTaskInput input) =>
        c.CallAsync<TaskSpec>(ParkActivities.PlanParkTask, input);

    public static Task ReturnParkApplicationAsync(this TaskOrchestrationContext c, ReturnParkInput input) =>
        c.CallAsync(ParkActivities.ReturnParkApplication, input);

    public static Task<ParkRecognitionResult> CloseParkCaseAsync(this TaskOrchestrationContext c, CloseParkCaseInput input) =>
        c.CallAsync<ParkRecognitionResult>(ParkActivities.CloseParkCase, input);

    public static Task<PanelPlan> PlanExpertPanelAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallAsync<PanelPlan>(ParkPanelActivities.PlanExpertPanel, caseId);

    public static Task<PanelVerdict> CombinePanelAsync(this TaskOrchestrationContext c, CombinePanelInput input) =>
        c.CallAsync<PanelVerdict>(ParkPanelActivities.CombinePanel, input);

    public static Task<PublicityWindow> StartPublicityAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallAsync<PublicityWindow>(ParkPublicityActivities.StartPublicity, caseId);

    public static Task FollowPublicityCalendarAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallAsync(ParkPublicityActivities.FollowPublicityCalendar, caseId);

    public static Task<IReadOnlyList<int>> ClosePublicityAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallAsync<IReadOnlyList<int>>(ParkPublicityActivities.ClosePublicity, caseId);

    public static Task<bool> ConcludePublicityAsync(this TaskOrchestrationContext c, ConcludePublicityInput input) =>
        c.CallAsync<bool>(ParkPublicityActivities.ConcludePublicity, input);

    public static Task<ParkRecognitionResult> IssueParkReplyAsync(this TaskOrchestrationContext c, IssueParkReplyInput input) =>
        c.CallAsync<ParkRecognitionResult>(ParkActivities.IssueParkReply, input);
}

/// <summary>The recognition steps' storage side: each plans a task or records a step in the case partition, idempotently.</summary>
public sealed class ParkActivities(CaseJournal journal, WorkingCalendars calendars, DocumentNumbers numbers, AttachmentStore attachments,
    ParkPolicy policy, ParkRegistry registry, PanelDraws draws, PublicUrls urls, TimeProvider clock)
{
    public const string PlanParkTask = nameof(PlanParkTask);
    public const string ReturnParkApplication = nameof(ReturnParkApplication);
    public const string CloseParkCase = nameof(CloseParkCase);
    public const string IssueParkReply = nameof(IssueParkReply);
    public const string ReplyIssuer = "临人社函";

    /// <summary>The three criteria of the written evaluation (第六条(三)), scored 0–100 by each expert.</summary>
    public static readonly IReadOnlyList<TaskField> ExpertScores =
    [
        new("necessity", "必要性评分（0–100）", 100, [Decisions.Recommend, Decisions.NotRecommend]),
        new("feasibility", "可行性评分（0–100）", 100, [Decisions.Recommend, Decisions.NotRecommend]),
        new("soundness", "科学性评分（0–100）", 100, [Decisions.Recommend, Decisions.NotRecommend]),
    ];

    public static readonly TaskField MeetingReference = new("meetingReference", "党组会议纪要编号（如 市人社局党组会议纪要〔2026〕12号）");

    public async Task<TaskSpec> PlanAsync(PlanParkTaskInput input)
    {
        var details = ParkCaseDetails.Of(await journal.GetAsync(new CaseId(input.CaseId)));
        var calendar = await calendars.CurrentAsync();
        var esc = input.Escalation;
        var suffix = esc == 0 ? "" : $"（逾期督办第{esc}次）";
        // The gazette sets no period for these steps: policy periods in working days that bind the administration.
        var due = calendar.Compute(new Period(PeriodKind.WorkingDays, BeijingTime.DateOf(clock.GetUtcNow()),
            esc == 0 ? WorkingDaysOf(input.Step) : policy.OverdueGraceWorkingDays));
        TaskSpec Spec(string taskId, string stepName, Assignee to, IReadOnlyList<string> decisions, IReadOnlyList<TaskField>? fields = null,
            string? file = null) => new()
            {
                CaseId = input.CaseId, TaskId = $"{taskId}-{esc}", Step = input.Step, StepName = stepName + suffix, AssignedTo = to,
                Supervisor = ParkParties.Supervisor, Decisions = decisions, Due = due,
                RemindWorkingDaysBefore = policy.RemindWorkingDaysBefore, Fields = fields, FileRequired = file is not null,
                FileLabel = file,
            };
        return input.Step switch
        {
            ParkSteps.CountyReview => Spec($"county-review-{input.Round}", "县级人社部门审核并提出推荐意见", ParkParties.CountyReviewer(details.County),
                [Decisions.Recommend, Decisions.Return, Decisions.NotRecommend]),
            ParkSteps.Expert => Spec($"expert-{input.Seat + 1}", "专家书面评估（必要性、可行性、科学性）",
                ParkParties.Expert(await draws.ExpertAtAsync(input.CaseId, input.Seat)),
                [Decisions.Recommend, Decisions.NotRecommend, Decisions.Decline], ExpertScores),
            ParkSteps.SiteInspection => Spec("site-inspection", "实地考察并形成考察评估意见（会同市发改委、市财政局）", ParkParties.Organiser,
                [Decisions.Recommend, Decisions.NotRecommend], file: "实地考察记录（考察评估意见、现场照片等）"),
            ParkSteps.Objection => Spec($"objection-{input.Round}", $"核实公示异议（第{input.Round}件）", ParkParties.Organiser,
                [Decisions.Upheld, Decisions.NotUpheld]),
            ParkSteps.PartyGroup => Spec("party-group", "市人社局党组审定", ParkParties.PartyGroup, [Decisions.Approve, Decisions.Reject],
                [MeetingReference]),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input.Step, "Unknown park step."),
        };
    }

    private int WorkingDaysOf(string step) => step switch
    {
        ParkSteps.CountyReview => policy.CountyReviewWorkingDays,
        ParkSteps.Expert => policy.ExpertWorkingDays,
        ParkSteps.SiteInspection => policy.InspectionWorkingDays,
        ParkSteps.Objection => policy.ObjectionWorkingDays,
        _ => policy.PartyGroupWorkingDays,
    };

    public async Task ReturnAsync(ReturnParkInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var details = ParkCaseDetails.Of(await journal.GetAsync(caseId));
        var opinion = (await journal.FindTaskAsync(caseId, input.TaskId))?.Opinion;
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = $"return-{input.TaskId}",
            Event = new CaseEventDraft("park.returned", "退回补正", Actor.System, clock.GetUtcNow(), opinion),
            Update = c =>
            {
                c.Status = CaseStatus.Returned; c.Step = "待补正后重新报送"; c.Holder = Organisations.NameOf(c.ApplicantOrganisation);
                c.DueAt = null;
            },
            Notifications =
            [
                new Notification($"{input.TaskId}-returned", details.Submitter, $"【退回补正】{details.Application.ParkName}",
                    $"申报材料需补正，意见：{opinion?.TrimEnd('。')}。请一次性补正后重新报送。", urls.Absolute(Routes.CaseProgressPath(input.CaseId))),
            ],
        });
    }

    public async Task<ParkRecognitionResult> CloseAsync(CloseParkCaseInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var details = ParkCaseDetails.Of(await journal.GetAsync(caseId));
        var opinion = input.TaskId is null ? null : (await journal.FindTaskAsync(caseId, input.TaskId))?.Opinion;
        var (label, step) = input.Outcome switch
        {
            ParkOutcomes.NotRecommended => ("县级人社部门不予推荐", "未推荐，办结"),
            ParkOutcomes.EvaluationFailed => ("专家评估未达到推荐要求", "评估未通过，办结"),
            ParkOutcomes.InspectionFailed => ("实地考察未通过，不列入拟确定名单", "考察未通过，办结"),
            ParkOutcomes.ObjectionUpheld => ("公示异议经核实成立，影响评定入选", "公示异议成立，办结"),
            ParkOutcomes.Rejected => ("市人社局党组审定未通过", "审定未通过，办结"),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input.Outcome, "Unknown outcome."),
        };
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = $"closed-{input.Outcome}",
            Event = new CaseEventDraft("park.closed", label, Actor.System, clock.GetUtcNow(), opinion),
            Update = c => { c.Status = CaseStatus.Completed; c.Step = step; c.Holder = ""; c.DueAt = null; },
            Notifications =
            [
                new Notification("closed", details.Submitter, $"【办结】{details.Application.ParkName}未获认定",
                    $"{details.Application.ParkName}申报市级人力资源服务产业园：{label}。{(opinion is null ? "" : "意见：" + opinion)}",
                    urls.Absolute(Routes.CaseProgressPath(input.CaseId))),
            ],
        });
        return new ParkRecognitionResult(input.CaseId, input.Outcome);
    }

    /// <summary>批复行文: the reply with its number, the park's record, and the one-off reward due from the city's finance.</summary>
    public async Task<ParkRecognitionResult> IssueAsync(IssueParkReplyInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var c = await journal.GetAsync(caseId);
        var details = ParkCaseDetails.Of(c);
        var approval = await journal.DecidedTaskAsync(caseId, input.ApprovalTaskId);
        var meeting = approval.Values.GetValueOrDefault(MeetingReference.Key) ?? "";
        var day = BeijingTime.DateOf(input.ApprovedAt);
        var number = await numbers.AllocateAsync(ReplyIssuer, day.Year, input.CaseId);
        var reward = ParkRules.Reward(details.SmallCounty);
        var (file, view) = await attachments.SaveDocumentAsync(caseId, number.ToString(),
            ParkReplyDocument.Model(number, details, meeting, reward, day));
        var park = ParkEntity.Recognised(details, number.ToString(), file.Id, day, reward);
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "reply-issued",
            Event = new CaseEventDraft("park.recognised", $"印发批复 {number}，认定为市级人力资源服务产业园；一次性奖励{ParkRules.Yuan(reward)}待市财政拨付",
                Actor.System, clock.GetUtcNow(), null, [file.Id]),
            Update = e =>
            {
                e.Status = CaseStatus.Completed; e.Step = "已认定为市级人力资源服务产业园"; e.Holder = ""; e.DueAt = null;
                e.DocumentNumber = number.ToString(); e.DocumentAttachmentId = file.Id; e.DocumentViewAttachmentId = view.Id;
            },
            Rows = [park],
            Notifications =
            [
                new Notification("replied", details.Submitter, $"【批复】{number}",
                    $"{details.Application.ParkName}已认定为市级人力资源服务产业园，批复文号 {number}。",
                    urls.Absolute(Routes.CaseAttachmentPath(input.CaseId, file.Id))),
                new Notification("reward", ParkParties.Finance, $"【奖补资金】{details.Application.ParkName}一次性奖励",
                    $"依据《临汾市市级人力资源服务产业园管理办法（试行）》第八条，{details.Application.ParkName}（{details.County.Name}）经{number}认定为市级人力资源服务产业园，" +
                    $"应从市级配套就业补助资金中给予一次性奖励{ParkRules.Yuan(reward)}{(details.SmallCounty ? "（人口少于20万的县标准）" : "")}。",
                    urls.Absolute(Routes.CaseAttachmentPath(input.CaseId, file.Id))),
            ],
        });
        await registry.ListAsync(input.CaseId);
        return new ParkRecognitionResult(input.CaseId, ParkOutcomes.Recognised, number.ToString(), file.Id);
    }
}
