using LinfenFlows.Shared.Reviews;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask;

namespace LinfenFlows.Workflows.Accidents;

public sealed record AccidentApprovalInput(string CaseId, DateTimeOffset ReceivedAt);

public sealed record AccidentApprovalResult(string CaseId, string ReplyNumber, string ReplyAttachmentId);

/// <summary>The bureau resubmitted its revised request (round n), received at the instant given.</summary>
public sealed record AccidentResubmitted(int Round, DateTimeOffset ReceivedAt);

public static class AccidentEvents
{
    // The round is part of the name, so a resubmission sent twice can never answer a later return.
    public static string Resubmitted(int round) => $"AccidentRequestResubmitted-{round}";
}

/// <summary>
/// 事故调查报告批复 (PROCESSES.md §3): the emergency bureau's request is received, the city government replies within the
/// legal time limit or returns it for revision, and the reply is issued with its document number.
/// </summary>
public static class AccidentReportApproval
{
    public static async Task<AccidentApprovalResult> RunAsync(TaskOrchestrationContext context, AccidentApprovalInput input)
    {
        var receivedAt = input.ReceivedAt;
        for (var round = 1; ; round++)
        {
            // 市政府审批: within 15 days of receipt (30 for 特别重大); reminders before, 督办 after.
            ReviewDecision decision = await AwaitCityGovernmentDecisionAsync(context, input.CaseId, receivedAt, round);

            if (decision.Decision == Decisions.Approve)
                return await context.IssueAccidentReplyAsync(new IssueReplyInput(input.CaseId, decision));

            // 退回修改: the bureau revises and resubmits; the clock starts again on receipt.
            await context.ReturnAccidentRequestAsync(new ReturnRequestInput(input.CaseId, decision));
            AccidentResubmitted resubmitted = await context.WaitForExternalEvent<AccidentResubmitted>(AccidentEvents.Resubmitted(round + 1));
            receivedAt = resubmitted.ReceivedAt;
        }
    }

    private static async Task<ReviewDecision> AwaitCityGovernmentDecisionAsync(TaskOrchestrationContext context, string caseId, DateTimeOffset receivedAt, int round)
    {
        for (var escalation = 0; ; escalation++)
        {
            ReviewSpec review = await context.PlanCityGovernmentReviewAsync(new PlanReviewInput(caseId, receivedAt, round, escalation));
            ReviewOutcome outcome = await context.AwaitReviewAsync(review);
            if (!outcome.Expired) return outcome.Decision!;
            // Overdue: the supervisor has been told; the reviewer gets a fresh link with a short grace period.
        }
    }
}
