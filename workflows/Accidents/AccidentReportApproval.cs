using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask;

namespace LinfenFlows.Workflows.Accidents;

public sealed record AccidentApprovalInput(string CaseId, DateTimeOffset ReceivedAt);

/// <summary>How the case ended: replied (with the reply's number and file) or withdrawn by the bureau.</summary>
public sealed record AccidentApprovalResult(string CaseId, string Outcome, string? ReplyNumber = null, string? ReplyAttachmentId = null,
    string? ReportAttachmentId = null)
{
    /// <summary>Version 1.0 ended at the reply.</summary>
    public const string Replied = "replied";
    /// <summary>Replied, followed through (hand-offs, measures, disclosure) and reported back: the case is closed.</summary>
    public const string Closed = "closed";
    public const string Withdrawn = "withdrawn";
}

/// <summary>The bureau resubmitted its revised request (round n), received at the instant given.</summary>
public sealed record AccidentResubmitted(int Round, DateTimeOffset ReceivedAt);

/// <summary>The bureau withdrew its request (撤回) before the reply.</summary>
public sealed record AccidentWithdrawn(string Reason, Actor By, DateTimeOffset At);

public static class AccidentEvents
{
    // The round is part of the name, so a resubmission sent twice can never answer a later return.
    public static string Resubmitted(int round) => $"AccidentRequestResubmitted-{round}";

    public const string Withdrawn = "AccidentRequestWithdrawn";
}

/// <summary>
/// 事故调查报告批复 (PROCESSES.md §3): the emergency bureau's request is received, the city government replies within the
/// legal time limit or returns it for revision, and the reply is issued with its document number.
/// </summary>
public static class AccidentReportApproval
{
    /// <summary>From version 1.1 the reply is followed through (hand-offs, measures, disclosure, report) before the case closes.</summary>
    public const string FollowThroughSince = "1.1";

    public static async Task<AccidentApprovalResult> RunAsync(TaskOrchestrationContext context, AccidentApprovalInput input)
    {
        // The bureau may withdraw its request (撤回) at any point before the reply.
        Task<AccidentWithdrawn> withdrawal = context.WaitForExternalEvent<AccidentWithdrawn>(AccidentEvents.Withdrawn);
        var receivedAt = input.ReceivedAt;
        for (var round = 1; ; round++)
        {
            // 市政府审批: within 15 days of receipt (30 for 特别重大); reminders before, 督办 after.
            TaskDecision? decision = await AwaitCityGovernmentDecisionAsync(context, input.CaseId, receivedAt, round, withdrawal);
            if (decision is null)
                return await context.CloseWithdrawnRequestAsync(new CloseWithdrawnInput(input.CaseId, await withdrawal));

            if (decision.Decision == Decisions.Approve)
            {
                // 印发批复. Instances started as version 1.0 end here, as they did when they started.
                var followThrough = context.CompareVersionTo(FollowThroughSince) >= 0;
                AccidentApprovalResult replied = await context.IssueAccidentReplyAsync(
                    new IssueReplyInput(input.CaseId, decision, followThrough));
                return followThrough ? await FollowThroughAsync(context, replied, decision.DecidedAt) : replied;
            }

            // 退回修改: the bureau revises and resubmits; the clock starts again on receipt.
            await context.ReturnAccidentRequestAsync(new ReturnRequestInput(input.CaseId, decision));
            Task<AccidentResubmitted> resubmission =
                context.WaitForExternalEvent<AccidentResubmitted>(AccidentEvents.Resubmitted(round + 1));
            if (await Task.WhenAny(resubmission, withdrawal) == withdrawal)
                return await context.CloseWithdrawnRequestAsync(new CloseWithdrawnInput(input.CaseId, await withdrawal));
            receivedAt = (await resubmission).ReceivedAt;
        }
    }

    /// <summary>
    /// Reply parts 2–4: each authority signs for its hand-off and reports its result, each unit reports its measure done,
    /// side by side with the disclosure; overdue items are escalated and still awaited. Then the implementation report.
    /// </summary>
    private static async Task<AccidentApprovalResult> FollowThroughAsync(TaskOrchestrationContext context, AccidentApprovalResult replied,
        DateTimeOffset repliedAt)
    {
        FollowThroughPlan plan = await context.PlanFollowThroughAsync(new PlanFollowThroughInput(replied.CaseId, repliedAt));
        var items = plan.HandOffs.Concat(plan.Measures).Select(spec => context.AwaitTaskAsync(spec)).ToList();
        await Task.WhenAll([.. items, DiscloseAsync(context, plan.Disclosure)]);
        return await context.ReportImplementationAsync(
            new ReportImplementationInput(replied.CaseId, replied.ReplyNumber!, replied.ReplyAttachmentId!));
    }

    /// <summary>向社会公布: the bureau confirms what is published; matters it ticks as confidential are withheld.</summary>
    private static async Task DiscloseAsync(TaskOrchestrationContext context, TaskSpec disclosure)
    {
        TaskOutcome outcome = await context.AwaitTaskAsync(disclosure);
        await context.PublishDisclosureAsync(new PublishDisclosureInput(disclosure.CaseId, outcome.Decision!));
    }

    /// <returns>The decision, or null when the request was withdrawn first.</returns>
    private static async Task<TaskDecision?> AwaitCityGovernmentDecisionAsync(TaskOrchestrationContext context, string caseId,
        DateTimeOffset receivedAt, int round, Task<AccidentWithdrawn> withdrawal)
    {
        for (var escalation = 0; ; escalation++)
        {
            TaskSpec review = await context.PlanCityGovernmentReviewAsync(new PlanReviewInput(caseId, receivedAt, round, escalation));
            TaskOutcome outcome = await context.AwaitTaskAsync(review, ReasonOf(withdrawal));
            if (outcome.Cancelled) return null;
            if (!outcome.Expired) return outcome.Decision!;
            // Overdue: the supervisor has been told; the reviewer gets a fresh link with a short grace period.
        }
    }

    private static async Task<string> ReasonOf(Task<AccidentWithdrawn> withdrawal) => $"请示已撤回：{(await withdrawal).Reason}";
}
