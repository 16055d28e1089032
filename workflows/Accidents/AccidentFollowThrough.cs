using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using Microsoft.DurableTask;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Accidents;

public sealed record PlanFollowThroughInput(string CaseId, DateTimeOffset RepliedAt);

/// <summary>Reply part 2 (hand-offs), part 3 (measures) and part 4 (disclosure) as tasks, planned from the request.</summary>
public sealed record FollowThroughPlan(IReadOnlyList<TaskSpec> HandOffs, IReadOnlyList<TaskSpec> Measures, TaskSpec Disclosure);

public sealed record PublishDisclosureInput(string CaseId, TaskDecision Decision);

public sealed record ReportImplementationInput(string CaseId, string ReplyNumber, string ReplyAttachmentId);

public static class FollowThroughCalls
{
    public static Task<FollowThroughPlan> PlanFollowThroughAsync(this TaskOrchestrationContext c, PlanFollowThroughInput input) =>
        c.CallAsync<FollowThroughPlan>(AccidentFollowThroughActivities.PlanFollowThrough, input);

    public static Task PublishDisclosureAsync(this TaskOrchestrationContext c, PublishDisclosureInput input) =>
        c.CallAsync(AccidentFollowThroughActivities.PublishDisclosure, input);

    public static Task<AccidentApprovalResult> ReportImplementationAsync(this TaskOrchestrationContext c,
        ReportImplementationInput input) =>
        c.CallAsync<AccidentApprovalResult>(AccidentFollowThroughActivities.ReportImplementation, input);
}

/// <summary>How long each authority has, and when they are reminded (policy, configurable).</summary>
public sealed class FollowThroughPolicy
{
    /// <summary>Calendar days from the reply for each authority to report its handling result.</summary>
    public Dictionary<string, int> HandOffDays { get; set; } = new()
    {
        ["党纪政务处分"] = 90, ["刑事责任"] = 90, ["企业内部处理"] = 30, ["行政处罚"] = 60,
    };
    /// <summary>Calendar days from the reply for a measure the request gave no due date.</summary>
    public int MeasureDays { get; set; } = 90;
    /// <summary>Calendar days from the reply to publish the handling opinions.</summary>
    public int DisclosureDays { get; set; } = 15;
    public int[] RemindWorkingDaysBefore { get; set; } = [5, 1];

    /// <summary>
    /// The handling authority of each kind of handling (reply part 2), as a role in an organisation; the enterprise is the accident's own.
    /// </summary>
    public static Assignee? AuthorityFor(string handling) => handling switch
    {
        "党纪政务处分" => new(Organisations.DisciplineCommission, Roles.Applicant),
        "刑事责任" => new(Organisations.PublicSecurity, Roles.Applicant),
        "行政处罚" => new(Organisations.CityEmergencyEnforcement, Roles.Applicant),
        _ => null,
    };
}

/// <summary>What the public page shows: the handling opinions as published, and how many matters were withheld.</summary>
public sealed class DisclosureEntity : TableRow
{
    public const string Key = "disclosure";

    public DateTimeOffset PublishedAt { get; set; }
    public string ItemsJson { get; set; } = "[]";
    public int WithheldCount { get; set; }
}

public sealed record DisclosedItem(string Label, string Text);

/// <summary>The follow-through of a reply: hand-offs, measures, disclosure, and the implementation report that closes the case.</summary>
public sealed class AccidentFollowThroughActivities(CaseJournal journal, WorkingCalendars calendars, AttachmentStore attachments,
    DocumentNumbers numbers, FollowThroughPolicy policy, StaffDirectory directory, PublicUrls urls, TimeProvider clock)
{
    public const string PlanFollowThrough = nameof(PlanFollowThrough);
    public const string PublishDisclosure = nameof(PublishDisclosure);
    public const string ReportImplementation = nameof(ReportImplementation);
    public const string HandOffPrefix = "handoff-";
    public const string MeasurePrefix = "measure-";
    public const string DisclosureTask = "disclosure";
    /// <summary>The emergency bureau's own numbers (临应急字〔yyyy〕n号): the implementation report is its 报告 to the city government.</summary>
    public const string ReportIssuer = "临应急字";

    /// <summary>
    /// One task per handling authority (签收, then the result with a file), one per measure (completion with evidence) and
    /// the disclosure; records that the case has entered implementation. The same input always gives the same plan.
    /// </summary>
    public async Task<FollowThroughPlan> PlanAsync(PlanFollowThroughInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var entity = await journal.GetAsync(caseId);
        var r = AccidentCaseDetails.Of(entity).Request;
        var calendar = await calendars.CurrentAsync();
        var replied = BeijingTime.DateOf(input.RepliedAt);
        // A policy period from the reply: it binds the authorities, so a calendar import may move it either way.
        Deadline Due(int days) => calendar.Compute(new Period(PeriodKind.DaysToWorkingDay, replied, days));
        TaskSpec FollowUp(string taskId, string step, string name, Assignee to, IReadOnlyList<string> decisions, Deadline due,
            bool receiptFirst) => new()
            {
                CaseId = input.CaseId, TaskId = taskId, Step = step, StepName = name, AssignedTo = to,
                Supervisor = AccidentParties.FollowThroughSupervisor, Decisions = decisions, Due = due,
                RemindWorkingDaysBefore = policy.RemindWorkingDaysBefore, FollowUp = new FollowUp(receiptFirst), FileRequired = true,
            };
        var handOffs = new List<TaskSpec>();
        foreach (var h in AccidentRules.HandlingKinds)
        {
            var names = Parties(r).Where(p => p.Party.Handling == h.Name).Select(p => p.Party.Name).ToList();
            if (names.Count == 0) continue;
            var to = FollowThroughPolicy.AuthorityFor(h.Name)
                ?? await UnitAsync(r.Enterprise!, r.EnterpriseCreditCode, r.County, input.CaseId);
            handOffs.Add(FollowUp(HandOffPrefix + h.Code, "accountability-handoff", $"移送{h.Authority}：{h.Name}（{string.Join("、", names)}）",
                to, [Decisions.Receive, Decisions.Report], Due(policy.HandOffDays.GetValueOrDefault(h.Name, 90)), receiptFirst: true));
        }
        var measures = new List<TaskSpec>();
        foreach (var (m, i) in (r.PreventionMeasures ?? []).Select((m, i) => (m, i)))
            measures.Add(FollowUp($"{MeasurePrefix}{i + 1}", "prevention-measure", $"整改措施{i + 1}：{Shorten(m.Content!, 40)}",
                await UnitAsync(m.ResponsibleUnit!, null, r.County, input.CaseId), [Decisions.Report],
                m.DueOn is { } on ? Deadline.FixedAt(BeijingTime.EndOf(on)) : Due(policy.MeasureDays), receiptFirst: false));
        var disclosure = new TaskSpec
        {
            CaseId = input.CaseId, TaskId = DisclosureTask, Step = "disclosure", StepName = "处理意见向社会公布",
            AssignedTo = AccidentParties.Publisher, Supervisor = AccidentParties.Inspection,
            Decisions = [Decisions.Publish], Due = Due(policy.DisclosureDays),
            RemindWorkingDaysBefore = policy.RemindWorkingDaysBefore, FollowUp = new FollowUp(ReceiptFirst: false),
            Choices = Parties(r).Select(p => new TaskChoice(p.Key, $"{p.Party.Name}：{p.Party.Handling}（依法应当保密，不予公开）")).ToList(),
        };

        var latest = handOffs.Concat(measures).Append(disclosure).Max(s => s.DueAt);
        await journal.RecordAsync(entity, new CaseChange
        {
            Key = "follow-through",
            Event = new CaseEventDraft("accident.follow-through", $"移送责任追究事项{handOffs.Count}项、督促整改措施{measures.Count}项，处理意见待向社会公布",
                Actor.System, clock.GetUtcNow()),
            Update = c => { c.Status = CaseStatus.Implementing; c.Step = "责任追究和整改落实"; c.Holder = "各责任单位"; c.DueAt = latest; },
        });
        return new FollowThroughPlan(handOffs, measures, disclosure);
    }

    /// <summary>A unit the request names, as its 经办 (a built-in body by its name, else an outside unit created on first mention).</summary>
    private async Task<Assignee> UnitAsync(string name, string? creditCode, string? county, string caseId) =>
        new((await directory.UnitNamedAsync(name, county, creditCode, caseId)).Id, Roles.Applicant);

    /// <summary>Publishes the handling opinions (向社会公布), leaving out the matters withheld by the recorded decision.</summary>
    public async Task PublishAsync(PublishDisclosureInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var entity = await journal.GetAsync(caseId);
        var r = AccidentCaseDetails.Of(entity).Request;
        var withheld = (input.Decision.Selected ?? []).ToHashSet();
        var items = Parties(r).Where(p => !withheld.Contains(p.Key))
            .Select(p => new DisclosedItem(PersonalData.Mask(p.Party.Name!) +
                (string.IsNullOrWhiteSpace(p.Party.Position) ? "" : $"（{PersonalData.Mask(p.Party.Position)}）"),
                $"{p.Party.Handling}，由{AccidentRules.Handlings[p.Party.Handling!]}依法依规办理" +
                $"{(string.IsNullOrWhiteSpace(p.Party.Detail) ? "" : "：" + PersonalData.Mask(p.Party.Detail))}"))
            .Concat((r.PreventionMeasures ?? []).Select(
                (m, i) => new DisclosedItem($"防范整改措施{i + 1}", $"{PersonalData.Mask(m.Content!)}（责任单位：{m.ResponsibleUnit}）")))
            .ToList();
        var now = clock.GetUtcNow();
        await journal.RecordAsync(entity, new CaseChange
        {
            Key = "disclosed",
            Event = new CaseEventDraft("accident.disclosed",
                withheld.Count == 0 ? "处理意见已向社会公布" : $"处理意见已向社会公布，{withheld.Count}项依法不予公开", Actor.System, now),
            Rows = [new DisclosureEntity { RowKey = DisclosureEntity.Key, PublishedAt = now,
                ItemsJson = JsonSerializer.Serialize(items, Json.Options), WithheldCount = withheld.Count }],
            Notifications =
            [
                new Notification($"{input.CaseId}-disclosed", AccidentParties.FollowThroughSupervisor, $"【公开】{entity.Title}",
                    "事故处理意见已向社会公布。", urls.Absolute(Routes.AccidentDisclosurePath(input.CaseId))),
            ],
        });
    }

    /// <summary>
    /// When every hand-off and measure is done: the implementation report (落实情况报告) assembled from their results, sent to
    /// the emergency bureau; the case closes.
    /// </summary>
    public async Task<AccidentApprovalResult> ReportAsync(ReportImplementationInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var entity = await journal.GetAsync(caseId);
        var details = AccidentCaseDetails.Of(entity);
        var tasks = await journal.RowsAsync<TaskEntity>(caseId, RowKeys.TaskPrefix);
        var items = tasks.Where(t => t.TaskId.StartsWith(HandOffPrefix, StringComparison.Ordinal)
                                     || t.TaskId.StartsWith(MeasurePrefix, StringComparison.Ordinal)).ToList();
        var now = clock.GetUtcNow();
        var number = await numbers.AllocateAsync(ReportIssuer, BeijingTime.DateOf(now).Year, input.CaseId);
        var signer = (await directory.AssignAsync(AccidentParties.BureauHead)).Holders is [var head, ..] ? head.Name : null;
        var (file, _) = await attachments.SaveDocumentAsync(caseId, $"{number}落实情况报告",
            AccidentImplementationReport.Model(entity, details.Request, input.ReplyNumber, items, now, number, signer));
        await journal.RecordAsync(entity, new CaseChange
        {
            Key = "implementation-reported",
            Event = new CaseEventDraft("accident.closed", "责任追究和整改措施全部落实，落实情况报告已报市应急管理局，办结", Actor.System,
                clock.GetUtcNow(), null, [file.Id]),
            Update = c => { c.Status = CaseStatus.Completed; c.Step = "已办结"; c.Holder = ""; c.DueAt = null; },
            Notifications =
            [
                new Notification($"{input.CaseId}-implemented", details.Submitter, $"【落实情况报告】{input.ReplyNumber}",
                    $"《{entity.Title}》批复（{input.ReplyNumber}）的责任追究和整改措施已全部落实，落实情况报告见链接。",
                    urls.Absolute(Routes.CaseAttachmentPath(input.CaseId, file.Id))),
            ],
        });
        return new AccidentApprovalResult(input.CaseId, AccidentApprovalResult.Closed, input.ReplyNumber, input.ReplyAttachmentId, file.Id);
    }

    /// <summary>Every responsible person and unit with a stable key (its place in the request).</summary>
    private static IEnumerable<(string Key, ResponsibleParty Party)> Parties(AccidentRequest r) =>
        (r.ResponsiblePersons ?? []).Select((p, i) => ($"person-{i + 1}", p))
        .Concat((r.ResponsibleUnits ?? []).Select((p, i) => ($"unit-{i + 1}", p)));

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
