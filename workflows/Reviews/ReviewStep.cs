using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Reviews;
using Microsoft.DurableTask;

namespace LinfenFlows.Workflows.Reviews;

public enum ReviewOutcomeKind { Decided, Expired }

public sealed record ReviewOutcome(ReviewOutcomeKind Kind, ReviewDecision? Decision)
{
    public bool Expired => Kind == ReviewOutcomeKind.Expired;
}

public sealed record ExpireReviewInput(string CaseId, string TaskId);

/// <summary>
/// The human-review step every process uses: open the task (link, notification, reminders), then wait for the decision
/// against a durable timer at the deadline itself.
/// </summary>
public static class ReviewStep
{
    public static string DecidedEvent(string taskId) => $"ReviewDecided-{taskId}";

    public static async Task<ReviewOutcome> AwaitReviewAsync(this TaskOrchestrationContext context, ReviewSpec spec)
    {
        await context.CallActivityAsync(ReviewActivities.OpenReviewTask, spec);

        using var timerCancellation = new CancellationTokenSource();
        Task<ReviewDecision> decided = context.WaitForExternalEvent<ReviewDecision>(DecidedEvent(spec.TaskId), timerCancellation.Token);
        Task deadline = context.CreateTimer(spec.DueAt.UtcDateTime, timerCancellation.Token);
        if (await Task.WhenAny(decided, deadline) == decided)
        {
            timerCancellation.Cancel();
            return new ReviewOutcome(ReviewOutcomeKind.Decided, await decided);
        }

        timerCancellation.Cancel();
        // A decision recorded just before the deadline whose event was lost still counts.
        ReviewDecision? recorded = await context.CallActivityAsync<ReviewDecision?>(ReviewActivities.ExpireReviewTask, new ExpireReviewInput(spec.CaseId, spec.TaskId));
        return recorded is null ? new ReviewOutcome(ReviewOutcomeKind.Expired, null) : new ReviewOutcome(ReviewOutcomeKind.Decided, recorded);
    }
}

/// <summary>The review step's activities; the Functions app exposes each under its constant name.</summary>
public sealed class ReviewActivities(ReviewService reviews)
{
    public const string OpenReviewTask = nameof(OpenReviewTask);
    public const string ExpireReviewTask = nameof(ExpireReviewTask);

    public Task OpenAsync(ReviewSpec spec) => reviews.OpenAsync(spec);

    public Task<ReviewDecision?> ExpireAsync(ExpireReviewInput input) => reviews.ExpireAsync(new CaseId(input.CaseId), input.TaskId);
}
