using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Workflows.Requests;

/// <summary>The request's steps on the storage side: each plans tasks or records a step in the case partition, idempotently.</summary>
public sealed class CityRequestActivities(CaseJournal journal, WorkingCalendars calendars, DocumentNumbers numbers,
    AttachmentStore attachments, StaffDirectory directory, CityRequestPolicy policy, PublicUrls urls, TimeProvider clock)
{
    public const string PlanRequestTask = nameof(PlanRequestTask);
    public const string PlanConsultation = nameof(PlanConsultation);
    public const string RegisterCityRequest = nameof(RegisterCityRequest);
    public const string ReturnCityRequest = nameof(ReturnCityRequest);
    public const string IssueCityRequestReply = nameof(IssueCityRequestReply);
    /// <summary>The office's receipt numbers (收文编号), one sequence a year.</summary>
    public const string ReceiptIssuer = "临政收";

    public const string LeaderField = "leader";
    public const string TitleField = "title";
    public const string DisclosureField = "disclosure";

    /// <summary>Registration, the leader's decision or the drafting: one task, due a policy period of working days from now.</summary>
    public async Task<TaskSpec> PlanAsync(PlanRequestTaskInput input)
    {
        var d = CityRequestDetails.Of(await journal.GetAsync(new CaseId(input.CaseId)));
        var esc = input.Escalation;
        var suffix = esc == 0 ? "" : $"（逾期督办第{esc}次）";
        var spec = new TaskSpec
        {
            CaseId = input.CaseId, TaskId = "", Step = input.Step, StepName = "", AssignedTo = CityRequestParties.Office,
            Supervisor = CityRequestParties.Inspection, Decisions = [],
            Due = await DueAsync(esc == 0 ? PeriodOf(input.Step) : policy.OverdueGraceWorkingDays),
            RemindWorkingDaysBefore = policy.RemindWorkingDaysBefore,
        };
        return input.Step switch
        {
            CityRequestSteps.Registration => spec with
            {
                TaskId = $"registration-{esc}",
                StepName = "市政府办公室登记、拟办" + suffix,
                Decisions = [Decisions.Register],
                Fields = [new TaskField(LeaderField, "审签领导（分管副市长）", ChooseFrom: CityRequestParties.Leaders)],
                Choices = CityRequestRules.Consultable(d.Request.Organisation!).Select(o => new TaskChoice(o.Id, o.Name)).ToList(),
                ChoicesLabel = "会签单位（勾选需征求意见的部门；不需会签的可不选）",
                SelectedNeedsOpinion = false,
                OpinionLabel = "拟办意见（可不填）",
            },
            CityRequestSteps.Decision => spec with
            {
                TaskId = $"{CityRequestSteps.DecisionPrefix}{input.Round}-{esc}",
                StepName = "分管副市长审签" + suffix,
                AssignedTo = CityRequestParties.Leader(d.Routing!.LeaderId),
                Decisions = [Decisions.Approve, Decisions.Disagree, Decisions.Return],
            },
            CityRequestSteps.Drafting => spec with
            {
                TaskId = $"drafting-{input.Round}-{esc}",
                StepName = "拟稿、核稿并印发批复" + suffix,
                Decisions = [Decisions.Issue],
                Fields =
                [
                    new TaskField(TitleField, "批复标题", Initial: CityRequestRules.ReplyTitleOf(d.Request.Title!)),
                    new TaskField(DisclosureField, "公开属性", Initial: "public",
                        Options: CityRequestReplyDocument.Disclosures.Select(x => new TaskChoice(x.Key, x.Value)).ToList()),
                ],
                OpinionLabel = "批复正文（必填；已按审签意见起草，可修改，每段一行）",
                OpinionDraft = CityRequestRules.DraftReply(d.Request, input.Decided!.Decision),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(input), input.Step, "Unknown request step."),
        };
    }

    /// <summary>会签: one opinion task per department the office named, side by side; an overdue one is escalated and stays open.</summary>
    public async Task<IReadOnlyList<TaskSpec>> PlanConsultationAsync(PlanRequestTaskInput input)
    {
        var d = CityRequestDetails.Of(await journal.GetAsync(new CaseId(input.CaseId)));
        var due = await DueAsync(policy.OpinionWorkingDays);
        return d.Routing!.Departments.Select(org => new TaskSpec
        {
            CaseId = input.CaseId, TaskId = CityRequestSteps.OpinionTask(input.Round, org), Step = CityRequestSteps.Opinion,
            StepName = input.Round == 1 ? "会签意见" : $"会签意见（第{input.Round}次报送）", AssignedTo = CityRequestParties.Department(org),
            Supervisor = CityRequestParties.Inspection, Decisions = [Decisions.Approve, Decisions.ApproveWithRemarks, Decisions.Disagree],
            Due = due, RemindWorkingDaysBefore = policy.RemindWorkingDaysBefore, FollowUp = new FollowUp(ReceiptFirst: false),
        }).ToList();
    }

    /// <summary>登记: the receipt number and the routing the office proposed (拟办), kept on the case; returns the number.</summary>
    public async Task<string> RegisterAsync(RegisterRequestInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var task = await journal.DecidedTaskAsync(caseId, input.Registration.TaskId);
        var leaderId = task.Values[LeaderField];
        var leader = await directory.FindAsync(leaderId);
        var day = BeijingTime.DateOf(input.Registration.DecidedAt);
        var receipt = await numbers.AllocateAsync(ReceiptIssuer, day.Year, input.CaseId);
        var routing = new CityRequestRouting(receipt.ToString(), leaderId, leader?.Name ?? leaderId, input.Registration.Selected ?? []);
        var consult = routing.Departments.Count == 0 ? "不需会签"
            : $"会签单位：{string.Join("、", routing.Departments.Select(CityRequestRules.AddresseeOf))}";
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "registered",
            Event = new CaseEventDraft("request.registered", $"登记（收文编号 {routing.ReceiptNumber}），拟办：送{routing.LeaderName}审签；{consult}",
                Actor.System, clock.GetUtcNow(), task.Opinion),
            Update = c =>
            {
                c.DetailsJson = (CityRequestDetails.Of(c) with { Routing = routing }).ToJson();
                foreach (var org in routing.Departments) c.AddParty(org);
            },
        });
        return routing.ReceiptNumber;
    }

    public async Task ReturnAsync(ReturnCityRequestInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var entity = await journal.GetAsync(caseId);
        var d = CityRequestDetails.Of(entity);
        var opinion = (await journal.DecidedTaskAsync(caseId, input.Decision.TaskId)).Opinion;
        await journal.RecordAsync(entity, new CaseChange
        {
            Key = $"return-{input.Decision.TaskId}",
            Event = new CaseEventDraft("request.returned", $"退回{CityRequestRules.AddresseeOf(d.Request.Organisation!)}修改", Actor.System,
                clock.GetUtcNow(), opinion),
            Update = c =>
            {
                c.Status = CaseStatus.Returned; c.Step = "待修改后重新报送"; c.Holder = Organisations.NameOf(c.ApplicantOrganisation);
                c.DueAt = null;
            },
            Notifications =
            [
                new Notification($"{input.Decision.TaskId}-returned", d.Submitter, $"【退回修改】{d.Request.RequestNumber}",
                    $"市人民政府退回了你单位报送的《{d.Request.Title}》，意见：{opinion?.TrimEnd('。')}。请修改后重新报送。",
                    urls.Absolute(Routes.CaseProgressPath(input.CaseId))),
            ],
        });
    }

    /// <summary>印发: the reply as the office issued it, numbered 临政函〔yyyy〕n号, sent to the requester and copied to the departments.</summary>
    public async Task<CityRequestResult> IssueAsync(IssueRequestReplyInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var entity = await journal.GetAsync(caseId);
        var d = CityRequestDetails.Of(entity);
        var drafting = await journal.DecidedTaskAsync(caseId, input.Drafting.TaskId);
        var issued = new CityRequestReplyDocument.Issued(
            drafting.Values.GetValueOrDefault(TitleField) ?? CityRequestRules.ReplyTitleOf(d.Request.Title!), drafting.Opinion ?? "",
            drafting.Values.GetValueOrDefault(DisclosureField) ?? "public");
        var day = BeijingTime.DateOf(input.Drafting.DecidedAt);
        var number = await numbers.AllocateAsync(Issuers.CityGovernmentLetter, day.Year, input.CaseId);
        var departments = d.Routing!.Departments;
        var (file, view) = await attachments.SaveDocumentAsync(caseId, number.ToString(),
            CityRequestReplyDocument.Model(number, d.Request, issued, departments, day));
        var link = urls.Absolute(Routes.CaseAttachmentPath(input.CaseId, file.Id));
        var decided = Decisions.Label(input.Decision.Decision);
        await journal.RecordAsync(entity, new CaseChange
        {
            Key = "reply-issued",
            Event = new CaseEventDraft("request.replied", $"印发批复 {number}（审签意见：{decided}）", Actor.System, clock.GetUtcNow(), null,
                [file.Id]),
            Update = c =>
            {
                c.Status = CaseStatus.Completed; c.Step = "已批复"; c.Holder = ""; c.DueAt = null;
                c.DocumentNumber = number.ToString(); c.DocumentAttachmentId = file.Id; c.DocumentViewAttachmentId = view.Id;
            },
            Notifications =
            [
                new Notification($"{input.CaseId}-replied", d.Submitter, $"【批复】{number}",
                    $"市人民政府已批复你单位报送的《{d.Request.Title}》（{d.Request.RequestNumber}），批复文号 {number}。", link),
                .. departments.Select(org => new Notification($"{input.CaseId}-copied-{org}", CityRequestParties.CopiedTo(org),
                    $"【抄送】{number}", $"市人民政府对{Organisations.NameOf(d.Request.Organisation!)}《{d.Request.Title}》的批复（{number}）抄送你单位。",
                    link)),
            ],
        });
        return new CityRequestResult(input.CaseId, input.Decision.Decision, number.ToString(), file.Id);
    }

    private int PeriodOf(string step) => step switch
    {
        CityRequestSteps.Registration => policy.RegistrationWorkingDays,
        CityRequestSteps.Decision => policy.DecisionWorkingDays,
        _ => policy.DraftingWorkingDays,
    };

    private async Task<Deadline> DueAsync(int workingDays) => (await calendars.CurrentAsync())
        .Compute(new Period(PeriodKind.WorkingDays, BeijingTime.DateOf(clock.GetUtcNow()), workingDays));
}
