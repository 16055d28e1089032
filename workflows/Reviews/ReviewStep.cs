using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Reviews;
using Microsoft.DurableTask;

namespace LinfenFlows.Workflows.Reviews;

public enum ReviewOutcomeKind { Decided, Expired, Cancelled }

public sealed record ReviewOutcome(ReviewOutcomeKind Kind, ReviewDecision? Decision)
{
    public bool Expired => Kind == ReviewOutcomeKind.Expired;
    public bool Cancelled => Kind == ReviewOutcomeKind.Cancelled;
}

/// <summary>A step's task to plan (its escalation: how often it was overdue before).</summary>
public sealed record PlanStepInput(string CaseId, string Step, int Escalation = 0);

/// <summary>A step decided through the task given: the activity reads the decision, opinion and values from the task row.</summary>
public sealed record DecidedTaskInput(string CaseId, string TaskId);

public sealed record ExpireReviewInput(string CaseId, string TaskId);

public sealed record CancelReviewInput(string CaseId, string TaskId, string Reason);

/// <summary>
/// The human-review step every process uses: open the task (link, notification, reminders), then wait for the decision
/// against a durable timer at the deadline itself — or until the workflow's own cancellation (e.g. a withdrawal) arrives.
/// A follow-up task (a hand-off, a measure) is escalated at its deadline instead of closed, and waited for until reported.
/// </summary>
public static class ReviewStep
{
    public static string DecidedEvent(string taskId) => $"ReviewDecided-{taskId}";
    public static string ExtendedEvent(string taskId) => $"ReviewExtended-{taskId}";

    /// <param name="cancellation">Completes with the reason when the review is no longer wanted; may already be complete.</param>
    public static async Task<ReviewOutcome> AwaitReviewAsync(this TaskOrchestrationContext context, ReviewSpec spec, Task<string>? cancellation = null)
    {
        if (cancellation is { IsCompleted: true }) return new ReviewOutcome(ReviewOutcomeKind.Cancelled, null);
        await context.CallActivityAsync(ReviewActivities.OpenReviewTask, spec);

        using var waiting = new CancellationTokenSource();
        Task<ReviewDecision> decided = context.WaitForExternalEvent<ReviewDecision>(DecidedEvent(spec.TaskId), waiting.Token);
        Task<ReviewExtension>? extended = spec.MaxExtensionDays > 0
            ? context.WaitForExternalEvent<ReviewExtension>(ExtendedEvent(spec.TaskId), waiting.Token)
            : null;
        var due = spec.DueAt;
        Task winner;
        var timedOut = false;
        while (true)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(waiting.Token);
            Task deadline = context.CreateTimer(due.UtcDateTime, timer.Token);
            winner = await Task.WhenAny(new Task?[] { decided, deadline, cancellation, extended }.OfType<Task>());
            if (winner != extended)
            {
                timedOut = winner == deadline;
                if (!timedOut) timer.Cancel();
                break;
            }
            // Extended (once): wait on until the new deadline.
            timer.Cancel();
            due = (await extended!).DueAt;
            extended = null;
        }
        if (timedOut && spec.FollowUp is not null)
        {
            // A follow-up task is escalated (督办) at its deadline and stays open: its result is still wanted.
            ReviewDecision? reported = await context.CallActivityAsync<ReviewDecision?>(ReviewActivities.EscalateReviewTask, new ExpireReviewInput(spec.CaseId, spec.TaskId));
            if (reported is not null)
            {
                waiting.Cancel();
                return new ReviewOutcome(ReviewOutcomeKind.Decided, reported);
            }
            winner = await Task.WhenAny(new Task?[] { decided, cancellation }.OfType<Task>());
        }
        waiting.Cancel();
        if (winner == decided) return new ReviewOutcome(ReviewOutcomeKind.Decided, await decided);

        // A decision recorded just before the deadline or the cancellation, whose event has not arrived, still counts.
        ReviewDecision? recorded = winner != cancellation
            ? await context.CallActivityAsync<ReviewDecision?>(ReviewActivities.ExpireReviewTask, new ExpireReviewInput(spec.CaseId, spec.TaskId))
            : await context.CallActivityAsync<ReviewDecision?>(ReviewActivities.CancelReviewTask, new CancelReviewInput(spec.CaseId, spec.TaskId, await cancellation!));
        if (recorded is not null) return new ReviewOutcome(ReviewOutcomeKind.Decided, recorded);
        return new ReviewOutcome(winner != cancellation ? ReviewOutcomeKind.Expired : ReviewOutcomeKind.Cancelled, null);
    }
}

public static class ReviewDecisions
{
    /// <summary>
    /// A decision that must be taken: when the task's deadline passes the supervisor has been told (督办), and the person gets
    /// a fresh task with the deadline <paramref name="plan"/> gives for that escalation.
    /// </summary>
    public static async Task<ReviewDecision> DecideAsync(this TaskOrchestrationContext context, Func<int, Task<ReviewSpec>> plan)
    {
        for (var escalation = 0; ; escalation++)
        {
            ReviewOutcome outcome = await context.AwaitReviewAsync(await plan(escalation));
            if (!outcome.Expired) return outcome.Decision!;
        }
    }
}

/// <summary>The review step's activities; the Functions app exposes each under its constant name.</summary>
public sealed class ReviewActivities(ReviewService reviews)
{
    public const string OpenReviewTask = nameof(OpenReviewTask);
    public const string ExpireReviewTask = nameof(ExpireReviewTask);
    public const string CancelReviewTask = nameof(CancelReviewTask);
    public const string EscalateReviewTask = nameof(EscalateReviewTask);

    public Task OpenAsync(ReviewSpec spec) => reviews.OpenAsync(spec);

    public Task<ReviewDecision?> ExpireAsync(ExpireReviewInput input) => reviews.ExpireAsync(new CaseId(input.CaseId), input.TaskId);

    public Task<ReviewDecision?> EscalateAsync(ExpireReviewInput input) => reviews.EscalateAsync(new CaseId(input.CaseId), input.TaskId);

    public Task<ReviewDecision?> CancelAsync(CancelReviewInput input) => reviews.CancelAsync(new CaseId(input.CaseId), input.TaskId, input.Reason);
}
