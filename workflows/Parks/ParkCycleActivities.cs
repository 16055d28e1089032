using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Reviews;

namespace LinfenFlows.Workflows.Parks;

/// <summary>The yearly cycle's activities: plan its tasks, record the filing, the assessment and its consequences on the park.</summary>
public sealed class ParkCycleActivities(CaseJournal journal, WorkingCalendars calendars, ParkRegistry registry, ParkPolicy policy,
    PublicUrls urls, TimeProvider clock)
{
    public const string PlanCycleTask = nameof(PlanCycleTask);
    public const string RecordAnnualEvaluation = nameof(RecordAnnualEvaluation);
    public const string RecordAssessment = nameof(RecordAssessment);
    public const string RecordReassessment = nameof(RecordReassessment);
    public const string CompleteCycle = nameof(CompleteCycle);
    /// <summary>The one filing task of a cycle (the assessor's page reads it).</summary>
    public const string FilingTask = "annual-filing";

    public static readonly IReadOnlyList<TaskField> FilingFields =
    [
        new("employmentPromoted", "产业园当年促进就业人数（人）", 10_000_000),
        new("urbanNewJobsTarget", "所在县当年城镇新增就业年度任务（人；省级、国家级园区填所在市）", 10_000_000, Min: 1),
        new("ruralTransferTarget", "所在县当年农村劳动力转移就业年度任务（人；省级、国家级园区填所在市）", 10_000_000),
    ];

    public async Task<TaskSpec> PlanAsync(PlanStepInput input)
    {
        var c = await journal.GetAsync(new CaseId(input.CaseId));
        var d = ParkCycleDetails.Of(c);
        var county = Counties.Named(d.County)!;
        var calendar = await calendars.CurrentAsync();
        var esc = input.Escalation == 0 ? "" : $"（逾期督办第{input.Escalation}次）";
        var today = BeijingTime.DateOf(clock.GetUtcNow());
        Deadline InWorkingDays(int days) =>
            calendar.Compute(new Period(PeriodKind.WorkingDays, today, input.Escalation == 0 ? days : policy.OverdueGraceWorkingDays));
        TaskSpec Spec(string taskId, string name, Assignee to, IReadOnlyList<string> decisions, Deadline due,
            IReadOnlyList<int> remind) => new()
            {
                CaseId = input.CaseId, TaskId = taskId, Step = input.Step, StepName = name, AssignedTo = to,
                Supervisor = ParkParties.Supervisor, Decisions = decisions, Due = due, RemindWorkingDaysBefore = remind,
            };
        return input.Step switch
        {
            // 第十五条: in the first quarter — due at the end of 31 March, Beijing time.
            ParkCycleSteps.Filing => Spec(FilingTask, $"报送{d.EvaluatedYear}年度产业园运营评估（备案）", ParkParties.CountyClerk(county),
                [Decisions.Report], Deadline.FixedAt(BeijingTime.EndOf(new DateOnly(d.Year, 3, 31))), policy.AnnualRemindWorkingDaysBefore)
                with
            { FollowUp = new FollowUp(ReceiptFirst: false), FileRequired = true, Fields = FilingFields, FileLabel = "年度运营评估报告" },
            ParkCycleSteps.Assessment => Spec($"assessment-{input.Escalation}", $"第{d.AssessmentCycle}个周期综合考核评估{esc}",
                ParkParties.Organiser, [Decisions.Excellent, Decisions.Qualified, Decisions.Unqualified],
                InWorkingDays(policy.InspectionWorkingDays), policy.RemindWorkingDaysBefore),
            // 限期整改 is a period given to the park: once announced it never ends earlier.
            ParkCycleSteps.Rectification => Spec("rectification", "考核评估不合格，限期整改并报告整改情况", ParkParties.CountyClerk(county),
                [Decisions.Report], calendar.Compute(new Period(PeriodKind.Days, today, policy.RectificationDays, PeriodBinds.Public)),
                policy.RemindWorkingDaysBefore)
                with
            { FollowUp = new FollowUp(ReceiptFirst: false), FileRequired = true, FileLabel = "整改情况报告" },
            ParkCycleSteps.Reassessment => Spec($"reassessment-{input.Escalation}", $"整改后重新考核评估{esc}", ParkParties.Organiser,
                [Decisions.Qualified, Decisions.Unqualified], InWorkingDays(policy.InspectionWorkingDays), policy.RemindWorkingDaysBefore),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input.Step, "Unknown cycle step."),
        };
    }

    /// <summary>
    /// 备案: the year's figures go on the park's record with the subsidy of 第九条 and its working; the finance bureau is told.
    /// </summary>
    public async Task<AnnualResult> RecordAnnualAsync(TaskRef input)
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
                Event = new CaseEventDraft("park.annual",
                    $"{d.EvaluatedYear}年度运营评估已备案{(late ? "（逾期报送）" : "")}：运营经费补助{ParkRules.Yuan(amount)}", task.RecordedDecision!.DecidedBy,
                    task.DecidedAt!.Value, working, task.ResultAttachmentId is null ? null : [task.ResultAttachmentId]),
                Rows =
                [
                    new ParkYearEntity
                    {
                        RowKey = ParkYearEntity.KeyOf(d.EvaluatedYear), Year = d.EvaluatedYear, EmploymentPromoted = promoted,
                        Target = target, Subsidy = (double)amount, Working = working, FiledAt = task.DecidedAt!.Value,
                        Late = late, CycleCaseId = input.CaseId,
                    },
                ],
                Notifications = amount == 0 ? [] :
                [
                    new Notification($"subsidy-{d.Year}", ParkParties.Finance, $"【奖补资金】{d.ParkName}{d.EvaluatedYear}年度运营经费补助",
                        $"依据第九条，{d.ParkName}（{d.County}）{d.EvaluatedYear}年度：{working}", urls.Absolute(Routes.ParkRecordPath(d.ParkId))),
                ],
            };
        });
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "annual-recorded",
            Event = new CaseEventDraft("park.annual-recorded", $"年度评估已备案，运营经费补助{ParkRules.Yuan(amount)}", Actor.System,
                clock.GetUtcNow(), working),
            Update = c =>
            {
                c.Step = d.AssessmentCycle is null ? "已备案" : "市人社局综合考核评估";
                c.Holder = d.AssessmentCycle is null ? "" : Organisations.NameOf(Organisations.CityHrBureau);
            },
        });
        return new AnnualResult(amount, d.AssessmentCycle is not null);
    }

    /// <summary>第十七条: 优秀 is commended; 不合格 is rectified, or — the second in a row — revokes the recognition.</summary>
    public async Task<AssessmentConsequence> RecordAssessmentAsync(TaskRef input)
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
                    notifications.Add(new($"commended-{d.Year}", ParkParties.CountyClerk(county), $"【通报表扬】{d.ParkName}",
                        $"{d.ParkName}第{d.AssessmentCycle}个周期综合考核评估为优秀等次，市人社局予以通报表扬。", urls.Absolute(Routes.ParkRecordPath(d.ParkId))));
                    break;
                case AssessmentConsequence.Rectify:
                    label += "，责令限期整改";
                    break;
                case AssessmentConsequence.Revoke:
                    park.Status = ParkStatus.Revoked;
                    park.RevokedAt = clock.GetUtcNow();
                    label += "；连续两次考核评估不合格，取消市级人力资源服务产业园资格（第十七条）";
                    notifications.Add(new($"revoked-{d.Year}", ParkParties.CountyClerk(county), $"【取消资格】{d.ParkName}",
                        $"{d.ParkName}连续两次综合考核评估为不合格等次，依据《临汾市市级人力资源服务产业园管理办法（试行）》第十七条，取消其市级人力资源服务产业园资格。",
                        urls.Absolute(Routes.ParkRecordPath(d.ParkId))));
                    notifications.Add(new($"revoked-finance-{d.Year}", ParkParties.Finance, $"【取消资格】{d.ParkName}",
                        $"{d.ParkName}已被取消市级人力资源服务产业园资格，自即日起不再拨付运营经费补助。", urls.Absolute(Routes.ParkRecordPath(d.ParkId))));
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
    public async Task RecordReassessmentAsync(TaskRef input)
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
                        new Notification($"subsidy-cancelled-{d.Year}", ParkParties.Finance, $"【取消补助】{d.ParkName}", label + "。",
                            urls.Absolute(Routes.ParkRecordPath(d.ParkId))),
                        new Notification($"subsidy-cancelled-county-{d.Year}", ParkParties.CountyClerk(county), $"【取消补助】{d.ParkName}",
                            label + "。", urls.Absolute(Routes.ParkRecordPath(d.ParkId))),
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
            Event = new CaseEventDraft("park.cycle-completed", result.Outcome == ParkCycleResult.Revoked ? "办结：产业园资格已取消" : "办结",
                Actor.System, clock.GetUtcNow()),
            Update = c =>
            {
                c.Status = CaseStatus.Completed; c.Step = result.Outcome == ParkCycleResult.Revoked ? "已取消资格" : "已办结";
                c.Holder = ""; c.DueAt = null;
            },
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

