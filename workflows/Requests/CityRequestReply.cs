using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask;

namespace LinfenFlows.Workflows.Requests;

public sealed record CityRequestInput(string CaseId);

/// <summary>A task of the request to plan: its step, the round (a resubmission after 退回修改 is the next), how often overdue.</summary>
/// <param name="Decided">For the drafting: the leader's decision the reply is drafted from.</param>
public sealed record PlanRequestTaskInput(string CaseId, string Step, int Round = 1, int Escalation = 0, TaskDecision? Decided = null);

public sealed record RegisterRequestInput(string CaseId, TaskDecision Registration);
public sealed record ReturnCityRequestInput(string CaseId, TaskDecision Decision);
public sealed record IssueRequestReplyInput(string CaseId, TaskDecision Decision, TaskDecision Drafting);

/// <summary>The requester resubmitted its revised request (round n), received at the instant given.</summary>
public sealed record CityRequestResubmitted(int Round, DateTimeOffset ReceivedAt);

/// <summary>How the request ended: replied with the number and file of the reply, and what the leader decided.</summary>
public sealed record CityRequestResult(string CaseId, string Decision, string ReplyNumber, string ReplyAttachmentId);

public static class CityRequestEvents
{
    // The round is part of the name, so a resubmission sent twice can never answer a later return.
    public static string Resubmitted(int round) => $"CityRequestResubmitted-{round}";
}

/// <summary>
/// 请示 → 批复 (临政函〔2022〕70号: 曲沃县人民政府请示市人民政府确认园区面积和四至范围, 市人民政府批复): 市政府办公室 registers the
/// request and proposes who handles it, the departments named give their opinions side by side (会签), the responsible vice
/// mayor decides, and the office drafts the reply from the decision and issues it as 临政函〔yyyy〕n号.
/// </summary>
public static class CityRequestReply
{
    public static async Task<CityRequestResult> RunAsync(TaskOrchestrationContext context, CityRequestInput input)
    {
        var caseId = input.CaseId;
        // 登记、拟办: a receipt number, the 分管副市长 and the departments to consult.
        TaskDecision registration = await DecideAsync(context, new PlanRequestTaskInput(caseId, CityRequestSteps.Registration));
        await context.RegisterCityRequestAsync(new RegisterRequestInput(caseId, registration));
        for (var round = 1; ; round++)
        {
            // 会签: every department's opinion, side by side; one overdue is escalated (督办) and still awaited.
            IReadOnlyList<TaskSpec> opinions = await context.PlanConsultationAsync(
                new PlanRequestTaskInput(caseId, CityRequestSteps.Opinion, round));
            await Task.WhenAll(opinions.Select(spec => context.AwaitTaskAsync(spec)));

            // 审签: the leader reads every opinion and decides 同意, 不同意 or 退回修改.
            TaskDecision decision = await DecideAsync(context, new PlanRequestTaskInput(caseId, CityRequestSteps.Decision, round));
            if (decision.Decision == Decisions.Return)
            {
                // 退回修改: the requester revises and resubmits; the departments are consulted on the revised text.
                await context.ReturnCityRequestAsync(new ReturnCityRequestInput(caseId, decision));
                await context.WaitForExternalEvent<CityRequestResubmitted>(CityRequestEvents.Resubmitted(round + 1));
                continue;
            }

            // 拟稿、核稿、印发: the office drafts the reply from the decision, edits it, and issues it.
            TaskDecision drafting = await DecideAsync(context,
                new PlanRequestTaskInput(caseId, CityRequestSteps.Drafting, round, Decided: decision));
            return await context.IssueCityRequestReplyAsync(new IssueRequestReplyInput(caseId, decision, drafting));
        }
    }

    private static Task<TaskDecision> DecideAsync(TaskOrchestrationContext context, PlanRequestTaskInput task) =>
        context.DecideAsync(escalation => context.PlanRequestTaskAsync(task with { Escalation = escalation }));
}

/// <summary>Typed calls of the request's activities, so the workflow reads as the process.</summary>
public static class CityRequestActivityCalls
{
    public static Task<TaskSpec> PlanRequestTaskAsync(this TaskOrchestrationContext c, PlanRequestTaskInput input) =>
        c.CallAsync<TaskSpec>(CityRequestActivities.PlanRequestTask, input);

    public static Task<IReadOnlyList<TaskSpec>> PlanConsultationAsync(this TaskOrchestrationContext c, PlanRequestTaskInput input) =>
        c.CallAsync<IReadOnlyList<TaskSpec>>(CityRequestActivities.PlanConsultation, input);

    public static Task<string> RegisterCityRequestAsync(this TaskOrchestrationContext c, RegisterRequestInput input) =>
        c.CallAsync<string>(CityRequestActivities.RegisterCityRequest, input);

    public static Task ReturnCityRequestAsync(this TaskOrchestrationContext c, ReturnCityRequestInput input) =>
        c.CallAsync(CityRequestActivities.ReturnCityRequest, input);

    public static Task<CityRequestResult> IssueCityRequestReplyAsync(this TaskOrchestrationContext c, IssueRequestReplyInput input) =>
        c.CallAsync<CityRequestResult>(CityRequestActivities.IssueCityRequestReply, input);
}
