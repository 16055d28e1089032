using System.Globalization;
using System.Text;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Reviews;
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
    public static Task<ReviewSpec> PlanParkTaskAsync(this TaskOrchestrationContext c, PlanParkTaskInput input) =>
        c.CallActivityAsync<ReviewSpec>(ParkActivities.PlanParkTask, input);

    public static Task ReturnParkApplicationAsync(this TaskOrchestrationContext c, ReturnParkInput input) =>
        c.CallActivityAsync(ParkActivities.ReturnParkApplication, input);

    public static Task<ParkRecognitionResult> CloseParkCaseAsync(this TaskOrchestrationContext c, CloseParkCaseInput input) =>
        c.CallActivityAsync<ParkRecognitionResult>(ParkActivities.CloseParkCase, input);

    public static Task<PanelPlan> PlanExpertPanelAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallActivityAsync<PanelPlan>(ParkActivities.PlanExpertPanel, caseId);

    public static Task<PanelVerdict> CombinePanelAsync(this TaskOrchestrationContext c, CombinePanelInput input) =>
        c.CallActivityAsync<PanelVerdict>(ParkActivities.CombinePanel, input);

    public static Task<PublicityWindow> StartPublicityAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallActivityAsync<PublicityWindow>(ParkActivities.StartPublicity, caseId);

    public static Task<IReadOnlyList<int>> ClosePublicityAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallActivityAsync<IReadOnlyList<int>>(ParkActivities.ClosePublicity, caseId);

    public static Task<bool> ConcludePublicityAsync(this TaskOrchestrationContext c, ConcludePublicityInput input) =>
        c.CallActivityAsync<bool>(ParkActivities.ConcludePublicity, input);

    public static Task<ParkRecognitionResult> IssueParkReplyAsync(this TaskOrchestrationContext c, IssueParkReplyInput input) =>
        c.CallActivityAsync<ParkRecognitionResult>(ParkActivities.IssueParkReply, input);
}

/// <summary>The recognition steps' storage side: each plans a task or records a step in the case partition, idempotently.</summary>
public sealed class ParkActivities(CaseJournal journal, WorkingCalendar calendar, DocumentNumbers numbers, AttachmentStore attachments,
    ParkPolicy policy, ParkRegistry registry, PublicUrls urls)
{
    public const string PlanParkTask = nameof(PlanParkTask);
    public const string ReturnParkApplication = nameof(ReturnParkApplication);
    public const string CloseParkCase = nameof(CloseParkCase);
    public const string PlanExpertPanel = nameof(PlanExpertPanel);
    public const string CombinePanel = nameof(CombinePanel);
    public const string StartPublicity = nameof(StartPublicity);
    public const string ClosePublicity = nameof(ClosePublicity);
    public const string ConcludePublicity = nameof(ConcludePublicity);
    public const string IssueParkReply = nameof(IssueParkReply);
    public const string ReplyIssuer = "临人社函";

    /// <summary>The three criteria of the written evaluation (第六条(三)), scored 0–100 by each expert.</summary>
    public static readonly IReadOnlyList<ReviewField> ExpertScores =
    [
        new("necessity", "必要性评分（0–100）", 100, [Decisions.Recommend, Decisions.NotRecommend]),
        new("feasibility", "可行性评分（0–100）", 100, [Decisions.Recommend, Decisions.NotRecommend]),
        new("soundness", "科学性评分（0–100）", 100, [Decisions.Recommend, Decisions.NotRecommend]),
    ];

    public static readonly ReviewField MeetingReference = new("meetingReference", "党组会议纪要编号（如 市人社局党组会议纪要〔2026〕12号）");

    public async Task<ReviewSpec> PlanAsync(PlanParkTaskInput input)
    {
        var details = ParkCaseDetails.Of(await journal.GetAsync(new CaseId(input.CaseId)));
        var esc = input.Escalation;
        var suffix = esc == 0 ? "" : $"（逾期督办第{esc}次）";
        ReviewSpec Spec(string taskId, string stepName, Recipient to, IReadOnlyList<string> decisions, int workingDays,
            IReadOnlyList<ReviewField>? fields = null, bool file = false) =>
            new(input.CaseId, $"{taskId}-{esc}", input.Step, stepName + suffix, to, policy.Supervisor, decisions, Due(workingDays, esc),
                policy.RemindWorkingDaysBefore, Fields: fields, FileRequired: file);
        return input.Step switch
        {
            ParkSteps.CountyReview => Spec($"county-review-{input.Round}", "县级人社部门审核并提出推荐意见", ParkPolicy.CountyReviewer(details.County),
                [Decisions.Recommend, Decisions.Return, Decisions.NotRecommend], policy.CountyReviewWorkingDays),
            ParkSteps.Expert => Spec($"expert-{input.Seat + 1}", "专家书面评估（必要性、可行性、科学性）", policy.Experts[input.Seat],
                [Decisions.Recommend, Decisions.NotRecommend, Decisions.Decline], policy.ExpertWorkingDays, ExpertScores),
            ParkSteps.SiteInspection => Spec("site-inspection", "实地考察并形成考察评估意见（会同市发改委、市财政局）", policy.Organiser,
                [Decisions.Recommend, Decisions.NotRecommend], policy.InspectionWorkingDays, file: true),
            ParkSteps.Objection => Spec($"objection-{input.Round}", $"核实公示异议（第{input.Round}件）", policy.Organiser,
                [Decisions.Upheld, Decisions.NotUpheld], policy.ObjectionWorkingDays),
            ParkSteps.PartyGroup => Spec("party-group", "市人社局党组审定", policy.PartyGroup,
                [Decisions.Approve, Decisions.Reject], policy.PartyGroupWorkingDays, [MeetingReference]),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input.Step, "Unknown park step."),
        };
    }

    /// <summary>The legal-less steps have policy periods in working days; an overdue one gets a short grace period.</summary>
    private DateTimeOffset Due(int workingDays, int escalation) =>
        BeijingTime.EndOf(calendar.AddWorkingDays(BeijingTime.DateOf(journal.Now), escalation == 0 ? workingDays : policy.OverdueGraceWorkingDays, startCounts: false));

    public async Task ReturnAsync(ReturnParkInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var details = ParkCaseDetails.Of(await journal.GetAsync(caseId));
        var opinion = (await journal.FindTaskAsync(caseId, input.TaskId))?.Opinion;
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = $"return-{input.TaskId}",
            Event = new CaseEventDraft("park.returned", "退回补正", Actor.System, journal.Now, opinion),
            Update = c => { c.Status = CaseStatus.Returned; c.Step = "待补正后重新报送"; c.Holder = Organisations.NameOf(c.ApplicantOrganisation); c.DueAt = null; },
            Notifications =
            [
                new Notification($"{input.TaskId}-returned", details.Submitter, $"【退回补正】{details.Application.ParkName}",
                    $"申报材料需补正，意见：{opinion}。请一次性补正后重新报送。", urls.Absolute(Routes.CasePath(input.CaseId))),
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
            Event = new CaseEventDraft("park.closed", label, Actor.System, journal.Now, opinion),
            Update = c => { c.Status = CaseStatus.Completed; c.Step = step; c.Holder = ""; c.DueAt = null; },
            Notifications =
            [
                new Notification("closed", details.Submitter, $"【办结】{details.Application.ParkName}未获认定",
                    $"{details.Application.ParkName}申报市级人力资源服务产业园：{label}。{(opinion is null ? "" : "意见：" + opinion)}", urls.Absolute(Routes.CasePath(input.CaseId))),
            ],
        });
        return new ParkRecognitionResult(input.CaseId, input.Outcome);
    }

    public async Task<PanelPlan> PlanPanelAsync(string caseId)
    {
        var size = Math.Min(policy.PanelSize, policy.Experts.Count);
        await journal.RecordAsync(new CaseId(caseId), new CaseChange
        {
            Key = "evaluation-started",
            Event = new CaseEventDraft("park.evaluation", $"县级推荐，市人社局会同市发改委、市财政局组织专家评估（专家{size}名）", Actor.System, journal.Now),
            Update = c => { c.AddParty(Organisations.CityDevelopmentReform); c.AddParty(Organisations.CityFinanceBureau); },
            Notifications =
            [
                new Notification("evaluation-fgw", policy.DevelopmentReform, "【会同评估】市级人力资源服务产业园认定",
                    "市人社局已组织专家对申报的产业园进行书面评估，请派员参加实地考察。", urls.Absolute(Routes.CasePath(caseId))),
                new Notification("evaluation-czj", policy.Finance, "【会同评估】市级人力资源服务产业园认定",
                    "市人社局已组织专家对申报的产业园进行书面评估，请派员参加实地考察。", urls.Absolute(Routes.CasePath(caseId))),
            ],
        });
        return new PanelPlan(size, policy.Experts.Count);
    }

    /// <summary>Combines the experts' recommendations by the panel's rule and records the scores' averages.</summary>
    public async Task<PanelVerdict> CombineAsync(CombinePanelInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var tasks = new List<ReviewTaskEntity>();
        foreach (var id in input.TaskIds) tasks.Add(await journal.DecidedTaskAsync(caseId, id));
        var size = Math.Min(policy.PanelSize, policy.Experts.Count);
        var recommends = tasks.Count(t => t.Decision == Decisions.Recommend);
        var needed = (int)Math.Ceiling(size * (decimal)policy.RecommendNumerator / policy.RecommendDenominator);
        var passed = ParkRules.PanelRecommends(recommends, size, policy.RecommendNumerator, policy.RecommendDenominator);
        var averages = string.Join("，", ExpertScores.Select(f =>
        {
            var scores = tasks.Select(t => t.Values.TryGetValue(f.Key, out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : (int?)null).OfType<int>().ToList();
            return $"{f.Label[..3]}平均{(scores.Count == 0 ? "—" : scores.Average().ToString("0.0", CultureInfo.InvariantCulture))}分";
        }));
        var label = $"专家书面评估：{size}个席位中{recommends}名专家推荐（须不少于{needed}名，{policy.RecommendNumerator}/{policy.RecommendDenominator}），" +
                    $"{(passed ? "通过" : "未通过")}；{averages}";
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "panel-combined",
            Event = new CaseEventDraft("park.panel", label, Actor.System, journal.Now),
        });
        return new PanelVerdict(passed, recommends, needed, size);
    }

    public async Task<PublicityWindow> StartPublicityAsync(string caseIdText)
    {
        var caseId = new CaseId(caseIdText);
        if (await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key) is { } started) return WindowOf(started);
        var now = journal.Now;
        var ends = ParkDeadlines.PublicityEnds(calendar, now, policy.PublicityWorkingDays, policy.PublicityStartDayCounts);
        var c = await journal.GetAsync(caseId);
        var details = ParkCaseDetails.Of(c);
        var row = new PublicityEntity { RowKey = PublicityEntity.Key, StartsAt = now, EndsAt = ends, WorkingDays = policy.PublicityWorkingDays };
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "publicity-started",
            Event = new CaseEventDraft("park.publicity", $"列入拟确定名单并公示，公示期至 {BeijingTime.Format(ends)}（{policy.PublicityWorkingDays}个工作日）", Actor.System, now),
            Update = e => { e.Step = "公示"; e.Holder = Organisations.NameOf(Organisations.CityHrBureau); e.DueAt = ends; },
            Rows = [row],
            Notifications =
            [
                new Notification("publicity", details.Submitter, $"【公示】{details.Application.ParkName}",
                    $"{details.Application.ParkName}已列入市级人力资源服务产业园拟确定名单，公示期至 {BeijingTime.Format(ends)}。",
                    urls.Absolute(Routes.ParkPublicityPath(caseIdText))),
            ],
        });
        return WindowOf((await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key))!);
    }

    /// <summary>When the workflow closes the window: at its legal end, unless development shortens it.</summary>
    private PublicityWindow WindowOf(PublicityEntity p) => new(p.StartsAt, policy.PublicityDurationOverride is { } quick ? p.StartsAt + quick : p.EndsAt);

    /// <summary>Closes the window (objections are refused from now on) and returns the number of every objection filed in it.</summary>
    public async Task<IReadOnlyList<int>> ClosePublicityAsync(string caseIdText)
    {
        var caseId = new CaseId(caseIdText);
        await journal.RecordAsync(caseId, async (c, ct) =>
        {
            var publicity = (await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key, ct))!;
            if (publicity.ClosedAt is not null) return null;
            publicity.ClosedAt = journal.Now;
            var count = (await journal.RowsAsync<ObjectionEntity>(caseId, ObjectionEntity.Prefix, ct)).Count;
            publicity.Objections = count;
            return new CaseChange
            {
                Key = "publicity-closed",
                Event = new CaseEventDraft("park.publicity-closed", count == 0 ? "公示期满，无异议" : $"公示期满，收到异议{count}件，待核实", Actor.System, journal.Now),
                Rows = [publicity],
            };
        });
        return (await journal.RowsAsync<ObjectionEntity>(caseId, ObjectionEntity.Prefix)).Select(o => o.Number).ToList();
    }

    /// <returns>Whether any objection was upheld as affecting the selection.</returns>
    public async Task<bool> ConcludeAsync(ConcludePublicityInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var upheld = 0;
        foreach (var id in input.TaskIds)
            if ((await journal.FindTaskAsync(caseId, id))?.Decision == Decisions.Upheld) upheld++;
        if (input.TaskIds.Count > 0)
            await journal.RecordAsync(caseId, async (c, ct) =>
            {
                var publicity = (await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key, ct))!;
                publicity.Upheld = upheld;
                return new CaseChange
                {
                    Key = "publicity-concluded",
                    Event = new CaseEventDraft("park.objections-verified",
                        upheld == 0 ? $"异议{input.TaskIds.Count}件经核实均不影响评定入选" : $"异议{input.TaskIds.Count}件中{upheld}件经核实成立，影响评定入选",
                        Actor.System, journal.Now),
                    Rows = [publicity],
                };
            });
        return upheld > 0;
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
        var html = ParkReplyDocument.Render(number, details, meeting, reward, day);
        var file = await attachments.SaveGeneratedAsync(caseId, $"{number}.html", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));
        var park = ParkEntity.Recognised(details, number.ToString(), file.Id, day, reward);
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "reply-issued",
            Event = new CaseEventDraft("park.recognised", $"印发批复 {number}，认定为市级人力资源服务产业园；一次性奖励{ParkRules.Yuan(reward)}待市财政拨付",
                Actor.System, journal.Now, null, [file.Id]),
            Update = e =>
            {
                e.Status = CaseStatus.Completed; e.Step = "已认定为市级人力资源服务产业园"; e.Holder = ""; e.DueAt = null;
                e.DocumentNumber = number.ToString(); e.DocumentAttachmentId = file.Id;
            },
            Rows = [park],
            Notifications =
            [
                new Notification("replied", details.Submitter, $"【批复】{number}",
                    $"{details.Application.ParkName}已认定为市级人力资源服务产业园，批复文号 {number}。", urls.Absolute(Routes.CaseAttachmentPath(input.CaseId, file.Id))),
                new Notification("reward", policy.Finance, $"【奖补资金】{details.Application.ParkName}一次性奖励",
                    $"依据《临汾市市级人力资源服务产业园管理办法(试行)》第八条，{details.Application.ParkName}（{details.County.Name}）经{number}认定为市级人力资源服务产业园，" +
                    $"应从市级配套就业补助资金中给予一次性奖励{ParkRules.Yuan(reward)}{(details.SmallCounty ? "（人口少于20万的县标准）" : "")}。",
                    urls.Absolute(Routes.CaseAttachmentPath(input.CaseId, file.Id))),
            ],
        });
        await registry.ListAsync(input.CaseId);
        return new ParkRecognitionResult(input.CaseId, ParkOutcomes.Recognised, number.ToString(), file.Id);
    }
}
