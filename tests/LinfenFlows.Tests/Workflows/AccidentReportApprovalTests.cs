using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Tests.Workflows;

/// <summary>The accident workflow on the real Durable Task engine (in-process) with storage on Azurite.</summary>
public class AccidentReportApprovalTests
{
    private static async Task<string> SubmitAsync(WorkflowHost host, AccidentRequest? request = null)
    {
        var submitted = await host.Get<AccidentIntake>().SubmitAsync(host.Client, Samples.BureauClerk, request ?? Samples.Request(),
            Samples.Report());
        return submitted.Case.PartitionKey;
    }

    [Fact]
    public async Task An_approved_request_gets_a_numbered_reply_in_four_parts_and_the_case_goes_on_to_its_follow_through()
    {
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await SubmitAsync(host);

        await host.DecideAsync(caseId, "city-review-1-0", Decisions.Approve);
        var c = await host.RepliedAsync(caseId);

        Assert.Matches(@"^临政函〔20\d\d〕\d+号$", c.DocumentNumber);
        Assert.Equal(CaseStatus.Implementing, c.Status);
        var result = new AccidentApprovalResult(caseId, AccidentApprovalResult.Replied, c.DocumentNumber, c.DocumentAttachmentId);
        var text = await host.TextAsync(caseId, result.ReplyAttachmentId!);
        Assert.Contains(result.ReplyNumber!, text);
        Assert.Contains("市应急管理局：", text);
        foreach (var part in new[] { "一、事故调查工作符合", "二、同意事故调查组对有关责任人员", "三、同意事故调查组提出的事故防范和整改措施", "四、有关部门要依照法定权限和程序" })
            Assert.Contains(part, text);
        Assert.Contains("李某：刑事责任，由公安机关依法依规办理", text);
        await host.Services.MailAsync(caseId, m => m.RecipientId == Samples.BureauClerk.UserId
            && m.Subject.StartsWith("【批复】", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_transient_storage_fault_while_the_reply_is_issued_is_retried_and_the_reply_goes_out_once()
    {
        FaultLog.Tried("a storage fault (503) the first two times the reply is issued");
        await using var host = await WorkflowHost.StartAsync(
            transientFailures: new Dictionary<string, int> { [AccidentActivities.IssueAccidentReply] = 2 });
        var caseId = await SubmitAsync(host);
        await host.DecideAsync(caseId, "city-review-1-0", Decisions.Approve);

        var c = await host.RepliedAsync(caseId);
        Assert.Equal(OrchestrationRuntimeStatus.Running,
            (await host.Client.GetInstanceAsync(caseId))!.RuntimeStatus); // on to its follow-through
        Assert.Single(await host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId)), e => e.Action == "accident.replied");
        // The reply's mail leaves from the outbox after its batch: wait for it, then make sure it went once.
        await host.Services.MailAsync(caseId, m => m.Subject.StartsWith("【批复】", StringComparison.Ordinal));
        Assert.Single(await host.Services.MailAsync(caseId), m => m.Subject.StartsWith("【批复】", StringComparison.Ordinal));
        Assert.Matches(@"^临政函〔20\d\d〕\d+号$", c.DocumentNumber);
        FaultLog.Survived("a storage fault (503) the first two times the reply is issued");
    }

    [Fact]
    public async Task A_step_that_fails_for_good_pauses_the_case_as_异常_tells_the_operators_and_goes_on_when_an_operator_retries()
    {
        FaultLog.Tried("an activity failing with a defect (not retried) while the reply is issued");
        await using var host = await WorkflowHost.StartAsync(
            defects: new Dictionary<string, int> { [AccidentActivities.IssueAccidentReply] = 1 });
        var caseId = await SubmitAsync(host);
        await host.DecideAsync(caseId, "city-review-1-0", Decisions.Approve);

        // The workflow does not fail: the case shows the fault, in Chinese, and waits; the operators and the supervisor know.
        CaseEntity c;
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((c = await host.Get<CaseJournal>().GetAsync(new CaseId(caseId))).Fault is null && DateTime.UtcNow < until)
            await Task.Delay(200);
        Assert.Contains("系统处理“", c.Fault);
        Assert.Contains("InvalidOperationException", c.Fault);
        Assert.Null(c.DocumentNumber);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(caseId))!.RuntimeStatus);
        Assert.Contains(await host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId)),
            e => e.Action == "workflow.failed" && e.Label.StartsWith("异常：", StringComparison.Ordinal));
        var operators = await host.Services.MailAsync(caseId,
            m => m.RecipientId == "gov-office-operator" && m.Subject.StartsWith("【异常】", StringComparison.Ordinal));
        Assert.Contains("重试", operators.Body);
        await host.Services.MailAsync(caseId,
            m => m.RecipientId == "gov-supervisor" && m.Subject.StartsWith("【异常】", StringComparison.Ordinal));
        var failed = host.Get<LinfenFlows.Workflows.Platform.FailedSteps>();
        Assert.Contains(await failed.WaitingAsync(), f => f.PartitionKey == caseId && f.Activity == AccidentActivities.IssueAccidentReply);

        // Only an operator may retry; once the cause is fixed the step runs again and the case goes on, recorded.
        await Assert.ThrowsAsync<ProblemException>(() => failed.RetryAsync(host.Client, Samples.BureauClerk, caseId));
        Assert.Equal(1, await failed.RetryAsync(host.Client, People.Get("gov-office-operator"), caseId));
        c = await host.RepliedAsync(caseId);
        Assert.Null(c.Fault);
        Assert.Contains(await host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId)),
            e => e.Action == "workflow.retried" && e.Label.Contains("赵敏"));
        Assert.Equal(409, (await Assert.ThrowsAsync<ProblemException>(
            () => failed.RetryAsync(host.Client, People.Get("gov-office-operator"), caseId))).Status);
        Assert.DoesNotContain(await failed.WaitingAsync(), f => f.PartitionKey == caseId);
        FaultLog.Survived("an activity failing with a defect (not retried) while the reply is issued");
    }

    [Fact]
    public async Task A_returned_request_is_resubmitted_and_the_clock_restarts_on_receipt()
    {
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await SubmitAsync(host);
        await host.DecideAsync(caseId, "city-review-1-0", Decisions.Return, "请补充事故直接原因分析。");
        // The bureau is told why: the opinion is read from the task, as it never travels through the workflow.
        await host.Services.MailAsync(caseId, m => m.Subject.StartsWith("【退回修改】", StringComparison.Ordinal)
            && m.Body.Contains("请补充事故直接原因分析"));

        var intake = host.Get<AccidentIntake>();
        var revised = await intake.ResubmitAsync(host.Client, Samples.BureauClerk, caseId, "已补充原因分析", Samples.Report("修改稿"));
        Assert.Equal(CaseStatus.InProgress, revised.Status);
        // The same resubmission sent again (a client retry) is answered as before and changes nothing.
        await intake.ResubmitAsync(host.Client, Samples.BureauClerk, caseId, "已补充原因分析", Samples.Report("修改稿"));

        await host.DecideAsync(caseId, "city-review-2-0", Decisions.Approve);
        await host.RepliedAsync(caseId);
        var timeline = await host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId));
        Assert.Equal(["accident.submitted", "review.opened", "review.decided", "accident.returned", "accident.resubmitted",
            "review.opened", "review.decided", "accident.replied"],
            timeline.Select(e => e.Action).Take(8));
        var details = AccidentCaseDetails.Of(await host.Get<CaseJournal>().GetAsync(new CaseId(caseId)));
        Assert.Equal(2, details.Round);
    }

    [Fact]
    public async Task Resubmitting_while_the_case_is_not_returned_is_refused()
    {
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await SubmitAsync(host);
        var problem = await Assert.ThrowsAsync<ProblemException>(() =>
            host.Get<AccidentIntake>().ResubmitAsync(host.Client, Samples.BureauClerk, caseId, null, Samples.Report("另一稿")));
        Assert.Equal(409, problem.Status);
    }

    [Fact]
    public async Task An_unanswered_review_is_escalated_at_the_deadline_and_the_reviewer_gets_a_fresh_link()
    {
        await using var host = await WorkflowHost.StartAsync(new WorkflowHost.Deadlines(First: TimeSpan.FromSeconds(3)));
        var caseId = await SubmitAsync(host);
        var firstToken = await host.Services.ReviewTokenAsync(caseId, "city-review-1-0");

        var supervisorMail = await host.Services.MailAsync(caseId, m => m.Subject.StartsWith("【督办】", StringComparison.Ordinal));
        Assert.Equal("gov-supervisor", supervisorMail.RecipientId);
        Assert.Equal(AccessState.Expired, (await host.Get<TaskFinder>().ByLinkAsync(firstToken)).State);

        await host.DecideAsync(caseId, "city-review-1-1", Decisions.Approve);
        await host.RepliedAsync(caseId);
        var timeline = await host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId));
        Assert.Single(timeline, e => e.Action == "review.overdue");
    }

    [Fact]
    public async Task A_decision_raised_before_the_workflow_waits_for_it_is_not_lost()
    {
        await using var host = await WorkflowHost.StartAsync(new WorkflowHost.Deadlines(PlanDelay: TimeSpan.FromSeconds(3)));
        var caseId = await SubmitAsync(host);
        var decision = new TaskDecision("city-review-1-0", Decisions.Approve, new Actor("gov-reviewer", "市人民政府", "reviewer", "linfen-gov"),
            DateTimeOffset.UtcNow);

        // The event arrives while the deadline activity is still running, before the review step waits.
        await host.Client.RaiseEventAsync(caseId, ReviewStep.DecidedEvent("city-review-1-0"), decision);
        await host.RepliedAsync(caseId);
    }

    [Fact]
    public async Task A_second_decision_on_the_same_task_is_refused_and_counted_once()
    {
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await SubmitAsync(host);
        var token = await host.Services.ReviewTokenAsync(caseId, "city-review-1-0");

        await host.Services.DecideAsync(host.Client, token, Decisions.Approve);
        var second = await Assert.ThrowsAsync<ProblemException>(() =>
            host.Services.DecideAsync(host.Client, token, Decisions.Return, "改变主意"));
        Assert.Equal(409, second.Status);

        await host.RepliedAsync(caseId);
        var timeline = await host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId));
        Assert.Single(timeline, e => e.Action == "review.decided");
    }

    [Fact]
    public async Task Submitting_the_same_request_twice_gives_one_case_and_one_workflow()
    {
        await using var host = await WorkflowHost.StartAsync();
        var request = Samples.Request();
        var intake = host.Get<AccidentIntake>();
        var results = await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => intake.SubmitAsync(host.Client, Samples.BureauClerk, request, Samples.Report())));

        Assert.Single(results.Select(r => r.Case.PartitionKey).Distinct());
        Assert.Single(results, r => r.Created);
        await host.Services.ReviewTokenAsync(results[0].Case.PartitionKey, "city-review-1-0");
        Assert.Single(await host.Services.MailAsync(results[0].Case.PartitionKey),
            m => m.Subject.StartsWith("【待办】", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_withdrawn_while_under_review_closes_the_case_and_withdraws_the_reviewer_s_task()
    {
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await SubmitAsync(host);
        var token = await host.Services.ReviewTokenAsync(caseId, "city-review-1-0");

        await host.Get<AccidentIntake>().WithdrawAsync(host.Client, Samples.BureauClerk, caseId, "事故调查报告需重新组织专家论证");
        var done = await host.CompletionAsync(caseId);

        Assert.Equal(AccidentApprovalResult.Withdrawn, done.ReadOutputAs<AccidentApprovalResult>()!.Outcome);
        var c = await host.Get<CaseJournal>().GetAsync(new CaseId(caseId));
        Assert.Equal(CaseStatus.Withdrawn, c.Status);
        Assert.Equal(AccessState.Closed, (await host.Get<TaskFinder>().ByLinkAsync(token)).State);
        await host.Services.MailAsync(caseId, m => m.RecipientId == "gov-reviewer"
            && m.Subject.StartsWith("【撤销】", StringComparison.Ordinal));
        var timeline = await host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId));
        Assert.Equal(["review.cancelled", "accident.withdrawn"], timeline.TakeLast(2).Select(e => e.Action));

        var again = await Assert.ThrowsAsync<ProblemException>(() =>
            host.Get<AccidentIntake>().WithdrawAsync(host.Client, Samples.BureauClerk, caseId, "再次撤回"));
        Assert.Equal(409, again.Status);
    }

    [Fact]
    public async Task A_returned_request_can_be_withdrawn_instead_of_resubmitted()
    {
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await SubmitAsync(host);
        await host.DecideAsync(caseId, "city-review-1-0", Decisions.Return, "责任认定不清。");
        await host.Services.MailAsync(caseId, m => m.Subject.StartsWith("【退回修改】", StringComparison.Ordinal));

        await host.Get<AccidentIntake>().WithdrawAsync(host.Client, Samples.BureauClerk, caseId, "另行报送");
        Assert.Equal(AccidentApprovalResult.Withdrawn,
            (await host.CompletionAsync(caseId)).ReadOutputAs<AccidentApprovalResult>()!.Outcome);
    }

    [Fact]
    public async Task An_instance_of_a_newer_workflow_version_is_left_waiting_rather_than_run_on_older_code()
    {
        await using var host = await WorkflowHost.StartAsync();
        var newer = "future-" + Guid.NewGuid().ToString("N")[..8];
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AccidentReportApproval),
            new AccidentApprovalInput(newer, DateTimeOffset.UtcNow),
            new Microsoft.DurableTask.StartOrchestrationOptions(newer) { Version = "99.0" });
        var current = await SubmitAsync(host);
        await host.Services.ReviewTokenAsync(current, "city-review-1-0"); // a current instance runs meanwhile

        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync(newer))!.RuntimeStatus);
    }

    [Fact]
    public async Task The_reviewer_extends_the_reply_deadline_once_and_the_step_waits_for_the_new_deadline()
    {
        await using var host = await WorkflowHost.StartAsync(new WorkflowHost.Deadlines(First: TimeSpan.FromSeconds(4)));
        var caseId = await SubmitAsync(host);
        var token = await host.Services.ReviewTokenAsync(caseId, "city-review-1-0");

        var tooLong = await Assert.ThrowsAsync<ProblemException>(() => host.Services.ExtendAsync(host.Client, token, 31, "需补充调查"));
        Assert.Equal("days", tooLong.Errors.Single().Field);
        var noReason = await Assert.ThrowsAsync<ProblemException>(() => host.Services.ExtendAsync(host.Client, token, 10, " "));
        Assert.Equal("opinion", noReason.Errors.Single().Field);

        var extension = await host.Services.ExtendAsync(host.Client, token, 10, "事故责任认定需进一步核实");
        Assert.True(extension.DueAt > DateTimeOffset.UtcNow.AddDays(9));
        var again = await Assert.ThrowsAsync<ProblemException>(() => host.Services.ExtendAsync(host.Client, token, 5, "再延期"));
        Assert.Equal(409, again.Status);

        await Task.Delay(TimeSpan.FromSeconds(6)); // well past the original deadline
        var c = await host.Get<CaseJournal>().GetAsync(new CaseId(caseId));
        Assert.Equal(extension.DueAt, c.DueAt);
        Assert.Equal(AccessState.Open, (await host.Get<TaskFinder>().ByLinkAsync(token)).State);
        await host.Services.MailAsync(caseId, m => m.Subject.StartsWith("【延期】", StringComparison.Ordinal)
            && m.Body.Contains("事故责任认定需进一步核实"));

        await host.Services.DecideAsync(host.Client, token, Decisions.Approve);
        await host.RepliedAsync(caseId);
        var timeline = await host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId));
        Assert.Single(timeline, e => e.Action == "review.extended");
        Assert.DoesNotContain(timeline, e => e.Action == "review.overdue");
    }
}
