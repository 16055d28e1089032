using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Platform;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Tests.Workflows;

/// <summary>办件管控 on the real engine: an operator suspends, resumes and terminates running accident cases.</summary>
public class CaseControlTests
{
    private static readonly LinfenFlows.Shared.Identity.Caller Operator = People.Get("gov-office-operator");

    private static async Task<string> SubmitAsync(WorkflowHost host)
    {
        var caseId = (await host.Get<AccidentIntake>().SubmitAsync(host.Client, Samples.BureauClerk, Samples.Request(), Samples.Report()))
            .Case.PartitionKey;
        await host.Services.ReviewTokenAsync(caseId, "city-review-1-0");
        return caseId;
    }

    private static Task<IReadOnlyList<CaseEventEntity>> TimelineAsync(WorkflowHost host, string caseId) =>
        host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId));

    [Fact]
    public async Task A_suspended_case_waits_with_its_link_refusing_and_goes_on_when_resumed()
    {
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await SubmitAsync(host);
        var control = host.Get<CaseControl>();

        // Only an operator, and only with a reason.
        await Assert.ThrowsAsync<ProblemException>(() =>
            control.ApplyAsync(host.Client, Samples.BureauClerk, caseId, CaseControlAction.Suspend, "核查材料"));
        var noReason = await Assert.ThrowsAsync<ProblemException>(() =>
            control.ApplyAsync(host.Client, Operator, caseId, CaseControlAction.Suspend, " "));
        Assert.Equal("reason", Assert.Single(noReason.Errors).Field);

        var suspended = await control.ApplyAsync(host.Client, Operator, caseId, CaseControlAction.Suspend, "事故单位提出复核申请，暂停审批");
        Assert.Equal("事故单位提出复核申请，暂停审批", suspended.Suspension);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await host.Client.GetInstanceAsync(caseId))!.RuntimeStatus);
        var refused = await Assert.ThrowsAsync<ProblemException>(() => host.DecideAsync(caseId, "city-review-1-0", Decisions.Approve));
        Assert.Equal(("case-suspended", 409), (refused.Type.Split('/')[^1], refused.Status));
        Assert.Equal(409, (await Assert.ThrowsAsync<ProblemException>(() =>
            control.ApplyAsync(host.Client, Operator, caseId, CaseControlAction.Suspend, "再次暂停"))).Status);

        await control.ApplyAsync(host.Client, Operator, caseId, CaseControlAction.Resume, null);
        await host.DecideAsync(caseId, "city-review-1-0", Decisions.Approve);
        Assert.NotNull((await host.RepliedAsync(caseId)).DocumentNumber);
        var timeline = await TimelineAsync(host, caseId);
        Assert.Contains(timeline, e => e.Action == "case.suspended" && e.ActorName == "赵敏" && e.Opinion == "事故单位提出复核申请，暂停审批");
        Assert.Contains(timeline, e => e.Action == "case.resumed");
        Assert.True(CaseJournal.VerifyChain(timeline));
    }

    [Fact]
    public async Task A_terminated_case_ends_its_open_tasks_and_their_links_and_cannot_be_controlled_again()
    {
        await using var host = await WorkflowHost.StartAsync();
        var caseId = await SubmitAsync(host);
        var token = await host.Services.ReviewTokenAsync(caseId, "city-review-1-0");
        var control = host.Get<CaseControl>();

        var ended = await control.ApplyAsync(host.Client, Operator, caseId, CaseControlAction.Terminate, "请示重复报送，另案办理");
        Assert.Equal(CaseStatus.Terminated, ended.Status);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.Client.GetInstanceAsync(caseId))!.RuntimeStatus);
        var task = (await host.Get<CaseJournal>().FindTaskAsync(new CaseId(caseId), "city-review-1-0"))!;
        Assert.Equal(TaskStates.Cancelled, task.State);
        Assert.Equal(AccessState.Closed, (await host.Get<TaskFinder>().ByLinkAsync(token)).State);
        await host.Services.MailAsync(caseId, m => m.RecipientId == "gov-reviewer" && m.Subject == "【撤销】待办事项已撤销");
        Assert.Contains(await TimelineAsync(host, caseId), e => e.Action == "case.terminated" && e.Opinion == "请示重复报送，另案办理");
        Assert.Equal(409, (await Assert.ThrowsAsync<ProblemException>(() =>
            control.ApplyAsync(host.Client, Operator, caseId, CaseControlAction.Resume, null))).Status);
    }
}
