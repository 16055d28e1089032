using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask;

namespace LinfenFlows.Workflows.Parks;

public sealed record ParkRecognitionInput(string CaseId);

/// <summary>How recognition ended: recognised with its reply, or at which step it stopped.</summary>
public sealed record ParkRecognitionResult(string CaseId, string Outcome, string? ReplyNumber = null, string? ReplyAttachmentId = null);

public static class ParkOutcomes
{
    public const string Recognised = "recognised";
    public const string NotRecommended = "not-recommended";
    public const string EvaluationFailed = "evaluation-failed";
    public const string InspectionFailed = "inspection-failed";
    public const string ObjectionUpheld = "objection-upheld";
    public const string Rejected = "rejected";
}

/// <summary>The human steps of recognition, each a review task planned by <see cref="ParkActivities.PlanParkTask"/>.</summary>
public static class ParkSteps
{
    public const string CountyReview = "county-review";
    public const string Expert = "expert-evaluation";
    public const string SiteInspection = "site-inspection";
    public const string Objection = "objection-verification";
    public const string PartyGroup = "party-group-approval";
}

/// <param name="Round">The county review's round (1 + corrections) or the objection's number.</param>
/// <param name="Seat">The expert's place in the pool.</param>
public sealed record PlanParkTaskInput(string CaseId, string Step, int Round = 1, int Escalation = 0, int Seat = 0);

/// <summary>
/// 市级人力资源服务产业园认定 (PROCESSES.md §1, 第六条): the county HR bureau's application is reviewed by the county, evaluated
/// by an expert panel and a site inspection, publicised for at least 5 working days, approved by the bureau's party group and
/// answered with an official reply.
/// </summary>
public static class ParkRecognition
{
    public static async Task<ParkRecognitionResult> RunAsync(TaskOrchestrationContext context, ParkRecognitionInput input)
    {
        var caseId = input.CaseId;

        // (二) 审核: the county recommends, returns the application for correction (补正), or does not recommend.
        for (var round = 1; ; round++)
        {
            TaskDecision review = await DecideAsync(context, new PlanParkTaskInput(caseId, ParkSteps.CountyReview, round));
            if (review.Decision == Decisions.Recommend) break;
            if (review.Decision == Decisions.NotRecommend)
                return await context.CloseParkCaseAsync(new CloseParkCaseInput(caseId, ParkOutcomes.NotRecommended, review.TaskId));
            await context.ReturnParkApplicationAsync(new ReturnParkInput(caseId, review.TaskId));
            await context.WaitForExternalEvent<ParkCorrected>(ParkEvents.Corrected(round + 1));
        }

        // (三) 评估: the written evaluation by the expert panel, then the site inspection and the evaluation opinion.
        PanelVerdict panel = await ExpertPanelAsync(context, caseId);
        if (!panel.Recommended) return await context.CloseParkCaseAsync(new CloseParkCaseInput(caseId, ParkOutcomes.EvaluationFailed));
        TaskDecision inspection = await DecideAsync(context, new PlanParkTaskInput(caseId, ParkSteps.SiteInspection));
        if (inspection.Decision != Decisions.Recommend)
            return await context.CloseParkCaseAsync(new CloseParkCaseInput(caseId, ParkOutcomes.InspectionFailed, inspection.TaskId));

        // (四) 公示: at least 5 working days; every objection is verified.
        if (await PubliciseAsync(context, caseId))
            return await context.CloseParkCaseAsync(new CloseParkCaseInput(caseId, ParkOutcomes.ObjectionUpheld));

        // (五) 审定 and 批复行文.
        TaskDecision approval = await DecideAsync(context, new PlanParkTaskInput(caseId, ParkSteps.PartyGroup));
        if (approval.Decision != Decisions.Approve)
            return await context.CloseParkCaseAsync(new CloseParkCaseInput(caseId, ParkOutcomes.Rejected, approval.TaskId));
        return await context.IssueParkReplyAsync(new IssueParkReplyInput(caseId, approval.TaskId, approval.DecidedAt));
    }

    /// <summary>
    /// One task per seat, side by side. An expert who declines (回避) is replaced by the next in the pool; when the pool runs
    /// out the seat stays empty, which can only make the panel's majority harder to reach, never easier.
    /// </summary>
    private static async Task<PanelVerdict> ExpertPanelAsync(TaskOrchestrationContext context, string caseId)
    {
        PanelPlan plan = await context.PlanExpertPanelAsync(caseId);
        var nextReserve = plan.PanelSize;
        async Task<TaskDecision?> SeatAsync(int expert)
        {
            while (true)
            {
                TaskDecision d = await DecideAsync(context, new PlanParkTaskInput(caseId, ParkSteps.Expert, Seat: expert));
                if (d.Decision != Decisions.Decline) return d;
                if (nextReserve >= plan.PoolSize) return null;
                expert = nextReserve++;
            }
        }
        TaskDecision?[] seats = await Task.WhenAll(Enumerable.Range(0, plan.PanelSize).Select(SeatAsync));
        return await context.CombinePanelAsync(new CombinePanelInput(caseId, [.. seats.OfType<TaskDecision>().Select(d => d.TaskId)]));
    }

    /// <returns>Whether an objection was upheld as affecting the selection.</returns>
    private static async Task<bool> PubliciseAsync(TaskOrchestrationContext context, string caseId)
    {
        PublicityWindow window = await context.StartPublicityAsync(caseId);
        var verifications = new List<Task<TaskDecision>>();
        var opened = new HashSet<int>();
        // From 1.2 the window follows a later end (the official calendar replaced a provisional year); it never ends earlier.
        var extendable = context.CompareVersionTo(ReviewStep.MovableDeadlinesSince) >= 0;
        if (extendable) await context.FollowPublicityCalendarAsync(caseId);
        using var ending = new CancellationTokenSource();
        Task end = context.CreateTimer(window.EndsAt.UtcDateTime, ending.Token);
        using var listening = new CancellationTokenSource();
        Task<PublicityExtended>? extended = extendable
            ? context.WaitForExternalEvent<PublicityExtended>(ParkEvents.PublicityExtended, listening.Token) : null;
        while (true)
        {
            using var waiting = new CancellationTokenSource();
            Task<ObjectionFiled> filed = context.WaitForExternalEvent<ObjectionFiled>(ParkEvents.ObjectionFiled, waiting.Token);
            var winner = await Task.WhenAny(new Task?[] { filed, end, extended }.OfType<Task>());
            if (winner == end)
            {
                waiting.Cancel();
                listening.Cancel();
                break;
            }
            if (winner == extended)
            {
                waiting.Cancel();
                ending.Cancel();
                end = context.CreateTimer((await extended!).EndsAt.UtcDateTime, CancellationToken.None);
                extended = null;
                continue;
            }
            var number = (await filed).Number;
            if (opened.Add(number)) verifications.Add(DecideAsync(context, new PlanParkTaskInput(caseId, ParkSteps.Objection, number)));
        }
        // The window is closed under the case's concurrency check; objections accepted before it whose events have not
        // arrived are in the table, and are verified too.
        IReadOnlyList<int> filedInTime = await context.ClosePublicityAsync(caseId);
        foreach (var number in filedInTime.Where(opened.Add))
            verifications.Add(DecideAsync(context, new PlanParkTaskInput(caseId, ParkSteps.Objection, number)));
        TaskDecision[] verified = await Task.WhenAll(verifications);
        return await context.ConcludePublicityAsync(new ConcludePublicityInput(caseId, [.. verified.Select(v => v.TaskId)]));
    }

    /// <summary>A decision of one step; when its deadline passes the supervisor is told and the person gets a fresh link.</summary>
    private static Task<TaskDecision> DecideAsync(TaskOrchestrationContext context, PlanParkTaskInput task) =>
        context.DecideAsync(escalation => context.PlanParkTaskAsync(task with { Escalation = escalation }));
}
