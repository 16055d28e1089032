using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Accidents;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Tests.Workflows;

/// <summary>
/// After the reply (临政函〔2023〕3号 parts 2–4): hand-offs to each authority with receipt and result, prevention measures,
/// disclosure with withheld matters, and the implementation report that closes the case — on the real engine and Azurite.
/// </summary>
public class AccidentFollowThroughTests
{
    private const string Criminal = "handoff-criminal";
    private const string Discipline = "handoff-discipline";
    private const string Penalty = "handoff-penalty";

    /// <summary>A request with an ID number and a phone number in a handling detail, which must never be published.</summary>
    private static AccidentRequest Request() => Samples.Request() with
    {
        ResponsiblePersons =
        [
            new ResponsibleParty("李某", "爆破员", "刑事责任", "涉嫌重大责任事故罪，身份证号 142601198001011234，电话 13912345678"),
            new ResponsibleParty("赵某", "矿长", "党纪政务处分", null),
        ],
    };

    private static async Task<string> RepliedCaseAsync(WorkflowHost host, AccidentRequest? request = null)
    {
        var submitted = await host.Get<AccidentIntake>().SubmitAsync(host.Client, Samples.BureauClerk, request ?? Request(),
            Samples.Report());
        var caseId = submitted.Case.PartitionKey;
        await host.DecideAsync(caseId, "city-review-1-0", Decisions.Approve);
        await host.RepliedAsync(caseId);
        return caseId;
    }

    private static UploadedFile Result(string text) => new("处理决定.pdf", Samples.Pdf(text));

    private static Task<IReadOnlyList<CaseEventEntity>> TimelineAsync(WorkflowHost host, string caseId) =>
        host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId));

    [Fact]
    public async Task Every_authority_signs_for_and_reports_its_hand_off_the_measures_are_done_and_the_case_closes_with_a_report()
    {
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await RepliedCaseAsync(host);

        // One hand-off per handling authority, in parallel; each signs for it, then reports with a file.
        foreach (var (task, authority) in new[] { (Criminal, "ga-referrals"), (Discipline, "jw-referrals"), (Penalty, "yjj-penalties") })
        {
            var mail = await host.Services.MailAsync(caseId, m => m.IsLinkOf(caseId, task, authority));
            Assert.Equal(authority, mail.RecipientId);
            Assert.Contains("签收", mail.Body);
            await host.ActAsync(caseId, task, Decisions.Receive);
        }
        await host.ActAsync(caseId, Discipline, Decisions.Report, "给予赵某党内严重警告、政务记过处分。", Result("处分决定"));
        await host.ActAsync(caseId, Criminal, Decisions.Report, "李某已被检察机关提起公诉。", Result("起诉书"));
        await host.ActAsync(caseId, Penalty, Decisions.Report, "对公司罚款50万元。", Result("行政处罚决定书"));
        await host.ActAsync(caseId, "measure-1", Decisions.Report, "已修订爆破作业管理制度并培训。", Result("整改报告"));
        await host.ActAsync(caseId, "measure-2", Decisions.Report, "排查隐患12处，全部整改。", Result("隐患排查台账"));
        await host.ActAsync(caseId, "disclosure", Decisions.Publish);

        var done = await host.CompletionAsync(caseId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<AccidentApprovalResult>()!;
        Assert.Equal(AccidentApprovalResult.Closed, result.Outcome);
        var c = await host.Get<CaseJournal>().GetAsync(new CaseId(caseId));
        Assert.Equal(CaseStatus.Completed, c.Status);

        var report = await host.TextAsync(caseId, result.ReportAttachmentId!);
        Assert.Contains("处理落实情况的报告", report);
        Assert.Contains("李某已被检察机关提起公诉", report);
        Assert.Contains("排查隐患12处", report);
        Assert.Contains("共5项，已全部办结", report);
        await host.Services.MailAsync(caseId, m => m.RecipientId == Samples.BureauClerk.UserId
            && m.Subject.StartsWith("【落实情况报告】", StringComparison.Ordinal));
        Assert.Equal("accident.closed", (await TimelineAsync(host, caseId))[^1].Action);
        Assert.True(CaseJournal.VerifyChain(await TimelineAsync(host, caseId)));
    }

    [Fact]
    public async Task Reporting_before_receipt_without_a_file_or_twice_is_refused_and_changes_nothing()
    {
        FaultLog.Tried("out-of-order hand-off actions (report before receipt, no file, receipt twice)");
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await RepliedCaseAsync(host);
        // Every task of the follow-through is open (each opening is in the timeline) before the count is taken.
        foreach (var opened in new[] { Discipline, Criminal, Penalty, "measure-1", "measure-2", "disclosure" })
            await host.Services.ReviewTokenAsync(caseId, opened);
        var before = (await TimelineAsync(host, caseId)).Count;

        var early = await Assert.ThrowsAsync<ProblemException>(() =>
            host.ActAsync(caseId, Criminal, Decisions.Report, "已立案", Result("立案决定")));
        Assert.Equal(409, early.Status);
        Assert.Contains("请先签收", early.Detail);
        Assert.Equal(before, (await TimelineAsync(host, caseId)).Count);

        await host.ActAsync(caseId, Criminal, Decisions.Receive);
        var twice = await Assert.ThrowsAsync<ProblemException>(() => host.ActAsync(caseId, Criminal, Decisions.Receive));
        Assert.Equal(409, twice.Status);
        var noFile = await Assert.ThrowsAsync<ProblemException>(() => host.ActAsync(caseId, Criminal, Decisions.Report, "已立案"));
        Assert.Equal("file", noFile.Errors.Single().Field);
        var noResult = await Assert.ThrowsAsync<ProblemException>(() =>
            host.ActAsync(caseId, Criminal, Decisions.Report, " ", Result("立案决定")));
        Assert.Equal("opinion", noResult.Errors.Single().Field);
        var exe = await Assert.ThrowsAsync<ProblemException>(() =>
            host.ActAsync(caseId, Criminal, Decisions.Report, "已立案", new UploadedFile("决定.pdf", Samples.Executable)));
        Assert.Equal("file", exe.Errors.Single().Field);

        var task = await host.Get<CaseJournal>().FindRowAsync<TaskEntity>(new CaseId(caseId), RowKeys.Task(Criminal));
        Assert.Equal(TaskStates.Pending, task!.State);
        Assert.NotNull(task.ReceivedAt);
        var after = await TimelineAsync(host, caseId);
        Assert.True(before + 1 == after.Count, string.Join(" | ", after.Skip(before - 3).Select(e => $"{e.Action} {e.Label}")));
        FaultLog.Survived("out-of-order hand-off actions (report before receipt, no file, receipt twice)");
    }

    [Fact]
    public async Task An_overdue_hand_off_is_escalated_to_the_emergency_bureau_its_link_stays_open_and_a_late_report_still_counts()
    {
        await using var host = await WorkflowHost.StartAsync(new WorkflowHost.Deadlines(
            FollowUps: new Dictionary<string, TimeSpan> { [Criminal] = TimeSpan.FromSeconds(3) }));
        var caseId = await RepliedCaseAsync(host);

        var escalation = await host.Services.MailAsync(caseId, m => m.Subject.StartsWith("【督办】", StringComparison.Ordinal));
        Assert.Equal("yjj-supervisor", escalation.RecipientId);
        Assert.Contains("尚未签收", escalation.Body);
        var token = await host.Services.ReviewTokenAsync(caseId, Criminal);
        Assert.Equal(AccessState.Open, (await host.Get<TaskFinder>().ByLinkAsync(token)).State);
        // The other hand-offs are on time and not escalated.
        Assert.Single(await host.Services.MailAsync(caseId), m => m.Subject.StartsWith("【督办】", StringComparison.Ordinal));

        await host.ActAsync(caseId, Criminal, Decisions.Receive);
        await host.ActAsync(caseId, Criminal, Decisions.Report, "已立案侦查。", Result("立案决定书"));
        foreach (var task in new[] { Discipline, Penalty })
        {
            await host.ActAsync(caseId, task, Decisions.Receive);
            await host.ActAsync(caseId, task, Decisions.Report, "已处理。", Result(task));
        }
        await host.ActAsync(caseId, "measure-1", Decisions.Report, "已完成。", Result("m1"));
        await host.ActAsync(caseId, "measure-2", Decisions.Report, "已完成。", Result("m2"));
        await host.ActAsync(caseId, "disclosure", Decisions.Publish);

        var result = (await host.CompletionAsync(caseId)).ReadOutputAs<AccidentApprovalResult>()!;
        Assert.Equal(AccidentApprovalResult.Closed, result.Outcome);
        var timeline = await TimelineAsync(host, caseId);
        Assert.Single(timeline, e => e.Action == "review.escalated");
        Assert.Contains(timeline, e => e.Action == "review.decided" && e.Label.Contains("逾期报告"));
        Assert.Contains("其中1项逾期办结", await host.TextAsync(caseId, result.ReportAttachmentId!));
    }

    [Fact]
    public async Task Matters_withheld_by_a_recorded_decision_and_personal_data_never_reach_the_public_notice()
    {
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await RepliedCaseAsync(host);
        await host.Services.ReviewTokenAsync(caseId, "disclosure");

        var noReason = await Assert.ThrowsAsync<ProblemException>(() =>
            host.ActAsync(caseId, "disclosure", Decisions.Publish, selected: ["person-2"]));
        Assert.Equal("opinion", noReason.Errors.Single().Field);
        var unknown = await Assert.ThrowsAsync<ProblemException>(() =>
            host.ActAsync(caseId, "disclosure", Decisions.Publish, "涉密", selected: ["person-9"]));
        Assert.Equal("selected", unknown.Errors.Single().Field);

        await host.ActAsync(caseId, "disclosure", Decisions.Publish, "涉及正在办理的案件，依法应当保密。", selected: ["person-2"]);
        var disclosure = await WaitForDisclosureAsync(host, caseId);
        Assert.Equal(1, disclosure.WithheldCount);
        var published = disclosure.ItemsJson;
        Assert.Contains("李某", published);
        Assert.DoesNotContain("赵某", published);
        Assert.DoesNotContain("142601198001011234", published);
        Assert.DoesNotContain("13912345678", published);
        var decided = (await TimelineAsync(host, caseId)).Single(e => e.Action == "review.decided"
            && e.Label.StartsWith("处理意见向社会公布", StringComparison.Ordinal));
        Assert.Equal("涉及正在办理的案件，依法应当保密。", decided.Opinion);
        Assert.Contains(await TimelineAsync(host, caseId), e => e.Action == "accident.disclosed" && e.Label.Contains("1项依法不予公开"));
    }

    [Fact]
    public async Task Each_authority_s_inbox_lists_its_open_hand_off_until_it_is_reported()
    {
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await RepliedCaseAsync(host);
        await host.Services.ReviewTokenAsync(caseId, Criminal);
        var inbox = host.Get<TaskInbox>();
        var policeClerk = People.Get("ga-referrals");

        var police = await inbox.OfAsync(policeClerk);
        var item = Assert.Single(police, i => i.CaseId == caseId);
        Assert.Equal(Criminal, item.TaskId);
        Assert.StartsWith("移送公安机关：刑事责任（李某）", item.StepName);

        await host.ActAsync(caseId, Criminal, Decisions.Receive);
        Assert.NotNull(Assert.Single(await inbox.OfAsync(policeClerk), i => i.CaseId == caseId).ReceivedAt);
        await host.ActAsync(caseId, Criminal, Decisions.Report, "已立案。", Result("立案决定书"));
        Assert.DoesNotContain(await inbox.OfAsync(policeClerk), i => i.CaseId == caseId);

        // Another organisation cannot reach the task from its inbox.
        Assert.Equal(AccessState.Unknown,
            (await host.Get<TaskFinder>().ForCallerAsync(People.Get("jw-referrals"), caseId, Criminal)).State);
    }

    private static async Task<DisclosureEntity> WaitForDisclosureAsync(WorkflowHost host, string caseId)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await host.Get<CaseJournal>().FindRowAsync<DisclosureEntity>(new CaseId(caseId), DisclosureEntity.Key) is { } d) return d;
            await Task.Delay(200);
        }
        throw new TimeoutException("The disclosure was never published.");
    }

}
