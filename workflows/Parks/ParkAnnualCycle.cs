using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Reviews;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Parks;

public sealed record ParkCycleInput(string CaseId);
/// <summary>The year's evaluation as recorded: the subsidy, and whether this year's cycle includes the comprehensive assessment.</summary>
public sealed record AnnualResult(decimal Subsidy, bool AssessmentDue);
public sealed record ParkCycleResult(string CaseId, string Outcome)
{
    public const string Filed = "filed";
    public const string Assessed = "assessed";
    public const string Revoked = "revoked";
}

public static class ParkCycleSteps
{
    public const string Filing = "annual-filing";
    public const string Assessment = "comprehensive-assessment";
    public const string Rectification = "rectification";
    public const string Reassessment = "reassessment";
}

/// <summary>One park's yearly cycle, kept on its own case (<c>{parkId}-y{year}</c>) so no workflow lives longer than a year.</summary>
public sealed record ParkCycleDetails(string ParkId, string ParkName, string County, string CountyBureau, int Year, int? AssessmentCycle)
{
    public const string Kind = "park-annual-cycle";

    public int EvaluatedYear => Year - 1;

    public static ParkCycleDetails Of(CaseEntity c) => JsonSerializer.Deserialize<ParkCycleDetails>(c.DetailsJson, Json.Options)!;

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    public static string CaseIdOf(string parkId, int year) => $"{parkId}-y{year}";

    /// <summary>第十五条: the comprehensive assessment every three years — in the year after each third full year since recognition.</summary>
    public static int? AssessmentCycleOf(int recognisedYear, int year)
    {
        var full = year - 1 - recognisedYear;
        return full > 0 && full % 3 == 0 ? full / 3 : null;
    }
}

/// <summary>
/// 年度评估与综合考核评估 (第九、十五至十七条): in the first quarter the county HR bureau files last year's evaluation with the
/// employment the park promoted, and the operating subsidy is computed; every third year the city HR bureau assesses the
/// park — 优秀 is commended, 不合格 must be rectified by a deadline and is assessed again, and a second 不合格 in a row
/// revokes the recognition.
/// </summary>
public static class ParkAnnualCycle
{
    public static async Task<ParkCycleResult> RunAsync(TaskOrchestrationContext context, ParkCycleInput input)
    {
        var caseId = input.CaseId;
        // 年度评估备案: due by 31 March; overdue it is escalated (督办) and still awaited.
        ReviewOutcome filed = await context.AwaitReviewAsync(await context.PlanCycleTaskAsync(new PlanStepInput(caseId, ParkCycleSteps.Filing)));
        AnnualResult year = await context.CallActivityAsync<AnnualResult>(ParkCycleActivities.RecordAnnualEvaluation, new DecidedTaskInput(caseId, filed.Decision!.TaskId));
        if (!year.AssessmentDue) return await CompleteAsync(context, caseId, ParkCycleResult.Filed);

        // 综合考核评估 (every three years).
        ReviewDecision assessed = await DecideAsync(context, caseId, ParkCycleSteps.Assessment);
        var consequence = await context.CallActivityAsync<AssessmentConsequence>(ParkCycleActivities.RecordAssessment, new DecidedTaskInput(caseId, assessed.TaskId));
        if (consequence == AssessmentConsequence.Revoke) return await CompleteAsync(context, caseId, ParkCycleResult.Revoked);
        if (consequence == AssessmentConsequence.Rectify)
        {
            // 限期整改, then assessed again; still 不合格 cancels the next cycle's subsidies.
            await context.AwaitReviewAsync(await context.PlanCycleTaskAsync(new PlanStepInput(caseId, ParkCycleSteps.Rectification)));
            ReviewDecision reassessed = await DecideAsync(context, caseId, ParkCycleSteps.Reassessment);
            await context.CallActivityAsync(ParkCycleActivities.RecordReassessment, new DecidedTaskInput(caseId, reassessed.TaskId));
        }
        return await CompleteAsync(context, caseId, ParkCycleResult.Assessed);
    }

    private static Task<ReviewDecision> DecideAsync(TaskOrchestrationContext context, string caseId, string step) =>
        context.DecideAsync(escalation => context.PlanCycleTaskAsync(new PlanStepInput(caseId, step, escalation)));

    private static Task<ParkCycleResult> CompleteAsync(TaskOrchestrationContext context, string caseId, string outcome) =>
        context.CallActivityAsync<ParkCycleResult>(ParkCycleActivities.CompleteCycle, new ParkCycleResult(caseId, outcome));

    private static Task<ReviewSpec> PlanCycleTaskAsync(this TaskOrchestrationContext context, PlanStepInput input) =>
        context.CallActivityAsync<ReviewSpec>(ParkCycleActivities.PlanCycleTask, input);
}

/// <summary>Starts the yearly cycles: one case and workflow per recognised park and year, never twice.</summary>
public sealed class ParkCycles(CaseJournal journal, ParkRegistry registry, WorkflowStarter starter)
{
    /// <returns>The cycle case ids of the year (started now or before).</returns>
    public async Task<IReadOnlyList<string>> StartYearAsync(DurableTaskClient client, int year, CancellationToken ct = default)
    {
        var started = new List<string>();
        foreach (var park in await registry.AllAsync(ct))
            if (park.Status == ParkStatus.Recognised && BeijingTime.DateOf(park.RecognisedOn).Year < year)
                started.Add(await StartAsync(client, park.RowKey, year, ct));
        return started;
    }

    public async Task<string> StartAsync(DurableTaskClient client, string parkId, int year, CancellationToken ct = default)
    {
        var park = await registry.FindAsync(parkId, ct) ?? throw new InvalidOperationException($"{parkId} is not a recognised park.");
        var details = new ParkCycleDetails(parkId, park.ParkName, park.County, park.CountyBureau, year, ParkCycleDetails.AssessmentCycleOf(park.RecognisedYear, year));
        var caseId = new CaseId(ParkCycleDetails.CaseIdOf(parkId, year));
        var entity = new CaseEntity
        {
            PartitionKey = caseId.Value, Kind = ParkCycleDetails.Kind, Title = $"{park.ParkName}{year - 1}年度运营评估" + (details.AssessmentCycle is null ? "" : "及综合考核评估"),
            ApplicantOrganisation = park.CountyBureau, County = park.County, Step = "县级人社部门报送年度评估", Holder = Organisations.NameOf(park.CountyBureau),
            Parties = string.Join(',', park.CountyBureau, Organisations.CityHrBureau, Organisations.CityFinanceBureau), DetailsJson = details.ToJson(),
        };
        await journal.CreateAsync(entity, new CaseChange
        {
            Key = "cycle-started",
            Event = new CaseEventDraft("park.cycle", $"{year - 1}年度运营评估开始（第一季度内报送）" + (details.AssessmentCycle is { } n ? $"；第{n}个考核评估周期综合考核评估" : ""),
                Actor.System, journal.Now),
        }, ct);
        await starter.EnsureStartedAsync(client, await journal.GetAsync(caseId, ct), nameof(ParkAnnualCycle), new ParkCycleInput(caseId.Value), ct);
        return caseId.Value;
    }
}

/// <summary>The yearly cycle's activities: plan its tasks, record the filing, the assessment and its consequences on the park.</summary>
public sealed class ParkCycleActivities(CaseJournal journal, WorkingCalendar calendar, ParkRegistry registry, ParkPolicy policy, PublicUrls urls)
{
    public const string PlanCycleTask = nameof(PlanCycleTask);
    public const string RecordAnnualEvaluation = nameof(RecordAnnualEvaluation);
    public const string RecordAssessment = nameof(RecordAssessment);
    public const string RecordReassessment = nameof(RecordReassessment);
    public const string CompleteCycle = nameof(CompleteCycle);

    public static readonly IReadOnlyList<ReviewField> FilingFields =
    [
        new("employmentPromoted", "产业园当年促进就业人数（人）", 10_000_000),
        new("urbanNewJobsTarget", "所在县当年城镇新增就业年度任务（人；省级、国家级园区填所在市）", 10_000_000, Min: 1),
        new("ruralTransferTarget", "所在县当年农村劳动力转移就业年度任务（人；省级、国家级园区填所在市）", 10_000_000),
    ];

    public async Task<ReviewSpec> PlanAsync(PlanStepInput input)
    {
        var c = await journal.GetAsync(new CaseId(input.CaseId));
        var d = ParkCycleDetails.Of(c);
        var county = Counties.Named(d.County)!;
        var esc = input.Escalation == 0 ? "" : $"（逾期督办第{input.Escalation}次）";
        var today = BeijingTime.DateOf(journal.Now);
        DateTimeOffset InWorkingDays(int days) => BeijingTime.EndOf(calendar.AddWorkingDays(today, input.Escalation == 0 ? days : policy.OverdueGraceWorkingDays, startCounts: false));
        return input.Step switch
        {
            // 第十五条: in the first quarter — due at the end of 31 March, Beijing time.
            ParkCycleSteps.Filing => new ReviewSpec(input.CaseId, "annual-filing", input.Step, $"报送{d.EvaluatedYear}年度产业园运营评估（备案）",
                ParkPolicy.CountyClerk(county), policy.Supervisor, [Decisions.Report], BeijingTime.EndOf(new DateOnly(d.Year, 3, 31)),
                policy.AnnualRemindWorkingDaysBefore, FollowUp: new FollowUp(ReceiptFirst: false, FileRequired: true), Fields: FilingFields),
            ParkCycleSteps.Assessment => new ReviewSpec(input.CaseId, $"assessment-{input.Escalation}", input.Step, $"第{d.AssessmentCycle}个周期综合考核评估{esc}",
                policy.Organiser, policy.Supervisor, [Decisions.Excellent, Decisions.Qualified, Decisions.Unqualified], InWorkingDays(policy.InspectionWorkingDays),
                policy.RemindWorkingDaysBefore),
            ParkCycleSteps.Rectification => new ReviewSpec(input.CaseId, "rectification", input.Step, "考核评估不合格，限期整改并报告整改情况",
                ParkPolicy.CountyClerk(county), policy.Supervisor, [Decisions.Report], BeijingTime.EndOf(calendar.EndOfPeriodInDays(today, policy.RectificationDays)),
                policy.RemindWorkingDaysBefore, FollowUp: new FollowUp(ReceiptFirst: false, FileRequired: true)),
            ParkCycleSteps.Reassessment => new ReviewSpec(input.CaseId, $"reassessment-{input.Escalation}", input.Step, $"整改后重新考核评估{esc}",
                policy.Organiser, policy.Supervisor, [Decisions.Qualified, Decisions.Unqualified], InWorkingDays(policy.InspectionWorkingDays),
                policy.RemindWorkingDaysBefore),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input.Step, "Unknown cycle step."),
        };
    }

    /// <summary>备案: the year's figures go on the park's record with the subsidy of 第九条 and its working; the finance bureau is told.</summary>
    public async Task<AnnualResult> RecordAnnualAsync(DecidedTaskInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var d = ParkCycleDetails.Of(await journal.GetAsync(caseId));
        var task = await journal.DecidedTaskAsync(caseId, input.TaskId);
        int Value(string key) => int.Parse(task.Values[key], System.Globalization.CultureInfo.InvariantCulture);
        var promoted = Value("employmentPromoted");
        var target = Value("urbanNewJobsTarget") + Value("ruralTransferTarget");
        var late = task.DecidedAt > task.DueAt;
        decimal amount = 0;
        string working = "";
        await registry.ChangeAsync(d.ParkId, park =>
        {
            var subsidy = ParkRules.OperatingSubsidy(park.ParkLevel, promoted, target);
            amount = park.SubsidyCancelledIn(d.Year) ? 0 : subsidy.Amount;
            working = park.SubsidyCancelledIn(d.Year)
                ? $"{subsidy.Explanation}因上一考核评估周期整改后仍不合格，本周期补助资金取消（第十七条），不予拨付。"
                : subsidy.Explanation;
            return new CaseChange
            {
                Key = $"annual-{d.Year}",
                Event = new CaseEventDraft("park.annual", $"{d.EvaluatedYear}年度运营评估已备案{(late ? "（逾期报送）" : "")}：运营经费补助{ParkRules.Yuan(amount)}",
                    task.RecordedDecision!.DecidedBy, task.DecidedAt!.Value, working, task.ResultAttachmentId is null ? null : [task.ResultAttachmentId]),
                Rows =
                [
                    new ParkYearEntity
                    {
                        RowKey = ParkYearEntity.KeyOf(d.EvaluatedYear), Year = d.EvaluatedYear, EmploymentPromoted = promoted, Target = target,
                        Subsidy = (double)amount, Working = working, FiledAt = task.DecidedAt!.Value, Late = late, CycleCaseId = input.CaseId,
                    },
                ],
                Notifications = amount == 0 ? [] :
                [
                    new Notification($"subsidy-{d.Year}", policy.Finance, $"【奖补资金】{d.ParkName}{d.EvaluatedYear}年度运营经费补助",
                        $"依据第九条，{d.ParkName}（{d.County}）{d.EvaluatedYear}年度：{working}", urls.Absolute(Routes.ParkPath(d.ParkId))),
                ],
            };
        });
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "annual-recorded",
            Event = new CaseEventDraft("park.annual-recorded", $"年度评估已备案，运营经费补助{ParkRules.Yuan(amount)}", Actor.System, journal.Now, working),
            Update = c => { c.Step = d.AssessmentCycle is null ? "已备案" : "市人社局综合考核评估"; c.Holder = d.AssessmentCycle is null ? "" : Organisations.NameOf(Organisations.CityHrBureau); },
        });
        return new AnnualResult(amount, d.AssessmentCycle is not null);
    }

    /// <summary>第十七条: 优秀 is commended; 不合格 is rectified, or — the second in a row — revokes the recognition.</summary>
    public async Task<AssessmentConsequence> RecordAssessmentAsync(DecidedTaskInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var d = ParkCycleDetails.Of(await journal.GetAsync(caseId));
        var task = await journal.DecidedTaskAsync(caseId, input.TaskId);
        var grade = GradeOf(task.Decision!);
        var county = Counties.Named(d.County)!;
        var consequence = AssessmentConsequence.None;
        await registry.ChangeAsync(d.ParkId, park =>
        {
            // A retried step sees the grade it wrote: it judges against the grade before, as the first attempt did.
            var retried = park.LastAssessmentYear == d.Year;
            consequence = ParkRules.AfterAssessment(grade, retried ? park.PreviousAssessmentGrade : park.LastAssessmentGrade);
            if (retried) return null;
            park.PreviousAssessmentGrade = park.LastAssessmentGrade;
            park.LastAssessmentGrade = grade;
            park.LastAssessmentYear = d.Year;
            var notifications = new List<Notification>();
            var label = $"第{d.AssessmentCycle}个周期综合考核评估：{grade}";
            switch (consequence)
            {
                case AssessmentConsequence.Commend:
                    label += "，予以通报表扬";
                    notifications.Add(new($"commended-{d.Year}", ParkPolicy.CountyClerk(county), $"【通报表扬】{d.ParkName}",
                        $"{d.ParkName}第{d.AssessmentCycle}个周期综合考核评估为优秀等次，市人社局予以通报表扬。", urls.Absolute(Routes.ParkPath(d.ParkId))));
                    break;
                case AssessmentConsequence.Rectify:
                    label += "，责令限期整改";
                    break;
                case AssessmentConsequence.Revoke:
                    park.Status = ParkStatus.Revoked;
                    park.RevokedAt = journal.Now;
                    label += "；连续两次考核评估不合格，取消市级人力资源服务产业园资格（第十七条）";
                    notifications.Add(new($"revoked-{d.Year}", ParkPolicy.CountyClerk(county), $"【取消资格】{d.ParkName}",
                        $"{d.ParkName}连续两次综合考核评估为不合格等次，依据《临汾市市级人力资源服务产业园管理办法(试行)》第十七条，取消其市级人力资源服务产业园资格。",
                        urls.Absolute(Routes.ParkPath(d.ParkId))));
                    notifications.Add(new($"revoked-finance-{d.Year}", policy.Finance, $"【取消资格】{d.ParkName}",
                        $"{d.ParkName}已被取消市级人力资源服务产业园资格，自即日起不再拨付运营经费补助。", urls.Absolute(Routes.ParkPath(d.ParkId))));
                    break;
            }
            return new CaseChange
            {
                Key = $"assessment-{d.Year}",
                Event = new CaseEventDraft(consequence == AssessmentConsequence.Revoke ? "park.revoked" : "park.assessed", label,
                    task.RecordedDecision!.DecidedBy, task.DecidedAt!.Value, task.Opinion),
                Notifications = notifications,
            };
        });
        return consequence;
    }

    /// <summary>Still 不合格 after rectification: the next assessment cycle's subsidies (the next three filing years) are cancelled.</summary>
    public async Task RecordReassessmentAsync(DecidedTaskInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var d = ParkCycleDetails.Of(await journal.GetAsync(caseId));
        var task = await journal.DecidedTaskAsync(caseId, input.TaskId);
        var failed = task.Decision == Decisions.Unqualified;
        var county = Counties.Named(d.County)!;
        await registry.ChangeAsync(d.ParkId, park =>
        {
            if (failed) { park.SubsidyCancelledFrom = d.Year + 1; park.SubsidyCancelledTo = d.Year + 3; }
            var label = failed
                ? $"整改后重新考核评估仍不合格：取消下一个考核评估周期（{d.Year + 1}—{d.Year + 3}年备案）的运营经费补助"
                : "整改后重新考核评估合格";
            return new CaseChange
            {
                Key = $"reassessment-{d.Year}",
                Event = new CaseEventDraft("park.reassessed", label, task.RecordedDecision!.DecidedBy,
                    task.DecidedAt!.Value, task.Opinion),
                Notifications = failed
                    ?
                    [
                        new Notification($"subsidy-cancelled-{d.Year}", policy.Finance, $"【取消补助】{d.ParkName}", label + "。", urls.Absolute(Routes.ParkPath(d.ParkId))),
                        new Notification($"subsidy-cancelled-county-{d.Year}", ParkPolicy.CountyClerk(county), $"【取消补助】{d.ParkName}", label + "。", urls.Absolute(Routes.ParkPath(d.ParkId))),
                    ]
                    : [],
            };
        });
    }

    public async Task<ParkCycleResult> CompleteAsync(ParkCycleResult result)
    {
        await journal.RecordAsync(new CaseId(result.CaseId), new CaseChange
        {
            Key = "cycle-completed",
            Event = new CaseEventDraft("park.cycle-completed", result.Outcome == ParkCycleResult.Revoked ? "办结：产业园资格已取消" : "办结", Actor.System, journal.Now),
            Update = c => { c.Status = CaseStatus.Completed; c.Step = result.Outcome == ParkCycleResult.Revoked ? "已取消资格" : "已办结"; c.Holder = ""; c.DueAt = null; },
        });
        return result;
    }

    private static string GradeOf(string decision) => decision switch
    {
        Decisions.Excellent => AssessmentGrades.Excellent,
        Decisions.Qualified => AssessmentGrades.Qualified,
        _ => AssessmentGrades.Unqualified,
    };
}

public static class ParkCycleSummary
{
    public static IEnumerable<(string Label, string Value)> Lines(ParkCycleDetails d)
    {
        yield return ("产业园", d.ParkName);
        yield return ("所在县（市、区）", d.County);
        yield return ("评估年度", $"{d.EvaluatedYear}年度");
        if (d.AssessmentCycle is { } n) yield return ("综合考核评估", $"第{n}个考核评估周期（每三年一次）");
    }
}
