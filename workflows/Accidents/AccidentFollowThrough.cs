using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Reviews;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;
using Microsoft.DurableTask;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Accidents;

public sealed record PlanFollowThroughInput(string CaseId, DateTimeOffset RepliedAt);

/// <summary>Reply part 2 (hand-offs), part 3 (measures) and part 4 (disclosure) as tasks, planned from the request.</summary>
public sealed record FollowThroughPlan(IReadOnlyList<ReviewSpec> HandOffs, IReadOnlyList<ReviewSpec> Measures, ReviewSpec Disclosure);

public sealed record PublishDisclosureInput(string CaseId, ReviewDecision Decision);

public sealed record ReportImplementationInput(string CaseId, string ReplyNumber, string ReplyAttachmentId);

public static class FollowThroughCalls
{
    public static Task<FollowThroughPlan> PlanFollowThroughAsync(this TaskOrchestrationContext c, PlanFollowThroughInput input) =>
        c.CallActivityAsync<FollowThroughPlan>(AccidentFollowThroughActivities.PlanFollowThrough, input);

    public static Task PublishDisclosureAsync(this TaskOrchestrationContext c, PublishDisclosureInput input) =>
        c.CallActivityAsync(AccidentFollowThroughActivities.PublishDisclosure, input);

    public static Task<AccidentApprovalResult> ReportImplementationAsync(this TaskOrchestrationContext c, ReportImplementationInput input) =>
        c.CallActivityAsync<AccidentApprovalResult>(AccidentFollowThroughActivities.ReportImplementation, input);
}

/// <summary>Who receives each hand-off, how long each authority has, and who supervises (policy, configurable).</summary>
public sealed class FollowThroughPolicy
{
    /// <summary>The handling authority for each kind of handling (reply part 2); the enterprise is the accident's own.</summary>
    public Dictionary<string, Recipient> Authorities { get; set; } = new()
    {
        ["党纪政务处分"] = new("jw-referrals", "临汾市纪委监委", Organisations.DisciplineCommission),
        ["刑事责任"] = new("ga-referrals", "临汾市公安局", Organisations.PublicSecurity),
        ["行政处罚"] = new("yjj-penalties", "临汾市应急管理局（执法）", Organisations.CityEmergencyBureau),
    };
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
    /// <summary>Told when a hand-off or measure is overdue (督办), and receives the implementation report.</summary>
    public Recipient Supervisor { get; set; } = new("yjj-supervisor", "临汾市应急管理局（督办）", Organisations.CityEmergencyBureau);
    public Recipient Publisher { get; set; } = new("yjj-publisher", "临汾市应急管理局（政务公开）", Organisations.CityEmergencyBureau);
    public Recipient PublisherSupervisor { get; set; } = new("gov-supervisor", "市政府督查室", Organisations.CityGovernmentOffice);
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
public sealed class AccidentFollowThroughActivities(CaseJournal journal, WorkingCalendar calendar, AttachmentStore attachments, FollowThroughPolicy policy, PublicUrls urls)
{
    public const string PlanFollowThrough = nameof(PlanFollowThrough);
    public const string PublishDisclosure = nameof(PublishDisclosure);
    public const string ReportImplementation = nameof(ReportImplementation);
    public const string HandOffPrefix = "handoff-";
    public const string MeasurePrefix = "measure-";
    public const string DisclosureTask = "disclosure";

    /// <summary>
    /// One task per handling authority (签收, then the result with a file), one per measure (completion with evidence) and
    /// the disclosure; records that the case has entered implementation. The same input always gives the same plan.
    /// </summary>
    public async Task<FollowThroughPlan> PlanAsync(PlanFollowThroughInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var r = AccidentCaseDetails.Of(await journal.GetAsync(caseId)).Request;
        var replied = BeijingTime.DateOf(input.RepliedAt);
        var handOffs = AccidentRules.HandlingKinds
            .Select(h => (Handling: h, Names: Parties(r).Where(p => p.Party.Handling == h.Name).Select(p => p.Party.Name).ToList()))
            .Where(x => x.Names.Count > 0)
            .Select(x => new ReviewSpec(input.CaseId, HandOffPrefix + x.Handling.Code, "accountability-handoff",
                $"移送{x.Handling.Authority}：{x.Handling.Name}（{string.Join("、", x.Names)}）",
                AuthorityFor(x.Handling.Name, r), policy.Supervisor, [Decisions.Receive, Decisions.Report],
                Due(replied, policy.HandOffDays.GetValueOrDefault(x.Handling.Name, 90)), policy.RemindWorkingDaysBefore,
                FollowUp: new FollowUp(ReceiptFirst: true, FileRequired: true)))
            .ToList();
        var measures = (r.PreventionMeasures ?? []).Select((m, i) => new ReviewSpec(input.CaseId, $"{MeasurePrefix}{i + 1}", "prevention-measure",
                $"整改措施{i + 1}：{Shorten(m.Content!, 40)}", UnitNamed(m.ResponsibleUnit!), policy.Supervisor, [Decisions.Report],
                m.DueOn is { } on ? BeijingTime.EndOf(on) : Due(replied, policy.MeasureDays), policy.RemindWorkingDaysBefore,
                FollowUp: new FollowUp(ReceiptFirst: false, FileRequired: true)))
            .ToList();
        var disclosure = new ReviewSpec(input.CaseId, DisclosureTask, "disclosure", "处理意见向社会公布", policy.Publisher, policy.PublisherSupervisor,
            [Decisions.Publish], Due(replied, policy.DisclosureDays), policy.RemindWorkingDaysBefore,
            FollowUp: new FollowUp(ReceiptFirst: false, FileRequired: false),
            Choices: Parties(r).Select(p => new ReviewChoice(p.Key, $"{p.Party.Name}：{p.Party.Handling}（依法应当保密，不予公开）")).ToList());

        var latest = handOffs.Concat(measures).Append(disclosure).Max(s => s.DueAt);
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "follow-through",
            Event = new CaseEventDraft("accident.follow-through", $"移送责任追究事项{handOffs.Count}项、督促整改措施{measures.Count}项，处理意见待向社会公布", Actor.System, journal.Now),
            Update = c => { c.Status = CaseStatus.Implementing; c.Step = "责任追究和整改落实"; c.Holder = "各责任单位"; c.DueAt = latest; },
        });
        return new FollowThroughPlan(handOffs, measures, disclosure);
    }

    /// <summary>Publishes the handling opinions (向社会公布), leaving out the matters withheld by the recorded decision.</summary>
    public async Task PublishAsync(PublishDisclosureInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var entity = await journal.GetAsync(caseId);
        var r = AccidentCaseDetails.Of(entity).Request;
        var withheld = (input.Decision.Selected ?? []).ToHashSet();
        var items = Parties(r).Where(p => !withheld.Contains(p.Key))
            .Select(p => new DisclosedItem(PersonalData.Mask(p.Party.Name!) + (string.IsNullOrWhiteSpace(p.Party.Position) ? "" : $"（{PersonalData.Mask(p.Party.Position)}）"),
                $"{p.Party.Handling}，由{AccidentRules.Handlings[p.Party.Handling!]}依法依规办理{(string.IsNullOrWhiteSpace(p.Party.Detail) ? "" : "：" + PersonalData.Mask(p.Party.Detail))}"))
            .Concat((r.PreventionMeasures ?? []).Select((m, i) => new DisclosedItem($"防范整改措施{i + 1}", $"{PersonalData.Mask(m.Content!)}（责任单位：{m.ResponsibleUnit}）")))
            .ToList();
        var now = journal.Now;
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "disclosed",
            Event = new CaseEventDraft("accident.disclosed",
                withheld.Count == 0 ? "处理意见已向社会公布" : $"处理意见已向社会公布，{withheld.Count}项依法不予公开", Actor.System, now),
            Rows = [new DisclosureEntity { RowKey = DisclosureEntity.Key, PublishedAt = now, ItemsJson = JsonSerializer.Serialize(items, Json.Options), WithheldCount = withheld.Count }],
            Notifications =
            [
                new Notification($"{input.CaseId}-disclosed", policy.Supervisor, $"【公开】{entity.Title}",
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
        var tasks = await journal.RowsAsync<ReviewTaskEntity>(caseId, RowKeys.TaskPrefix);
        var items = tasks.Where(t => t.TaskId.StartsWith(HandOffPrefix) || t.TaskId.StartsWith(MeasurePrefix)).ToList();
        var html = AccidentImplementationReport.Render(entity, details.Request, input.ReplyNumber, items, journal.Now);
        var file = await attachments.SaveGeneratedAsync(caseId, $"{input.ReplyNumber}落实情况报告.html", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "implementation-reported",
            Event = new CaseEventDraft("accident.closed", "责任追究和整改措施全部落实，落实情况报告已报市应急管理局，办结", Actor.System, journal.Now, null, [file.Id]),
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

    private Recipient AuthorityFor(string handling, AccidentRequest r) =>
        policy.Authorities.TryGetValue(handling, out var authority) ? authority : UnitNamed(r.Enterprise!);

    /// <summary>A unit outside LinfenFlows' directory, known by name: its code is derived from the name, so it is stable.</summary>
    public static Recipient UnitNamed(string name)
    {
        var code = "unit-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name.Trim())))[..12];
        return new Recipient(code, name.Trim(), code);
    }

    /// <summary>
    /// A policy period (not a legal one) in calendar days from the reply; moved to the next working day when it ends on a
    /// holiday of a loaded year. A year not loaded yet does not stop the case: the period then ends on its plain day.
    /// </summary>
    private DateTimeOffset Due(DateOnly from, int days)
    {
        var end = from.AddDays(days);
        if (calendar.HasYear(end.Year) && !calendar.IsWorkingDay(end))
        {
            try { end = calendar.NextWorkingDay(end); }
            catch (CalendarYearMissingException) { }
        }
        return BeijingTime.EndOf(end);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
