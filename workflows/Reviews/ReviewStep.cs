using LinfenFlows.Shared.Tasks;
using Microsoft.DurableTask;

namespace LinfenFlows.Workflows.Reviews;

public enum TaskOutcomeKind { Decided, Expired, Cancelled }

public sealed record TaskOutcome(TaskOutcomeKind Kind, TaskDecision? Decision)
{
    public bool Expired => Kind == TaskOutcomeKind.Expired;
    public bool Cancelled => Kind == TaskOutcomeKind.Cancelled;
}

/// <summary>A step's task to plan (its escalation: how often it was overdue before).</summary>
public sealed record PlanStepInput(string CaseId, string Step, int Escalation = 0);

/// <summary>One task of a case: what expiry, escalation and the activities that read a decided task take.</summary>
public sealed record TaskRef(string CaseId, string TaskId);

public sealed record CancelTaskInput(string CaseId, string TaskId, string Reason);

/// <summary>
/// The review step every process uses: open the task (holders, links, notifications, reminders), then wait for the decision
/// against a durable timer at the deadline itself — or until the workflow's own cancellation (e.g. a withdrawal) arrives.
/// A follow-up task (a hand-off, a measure) is escalated at its deadline instead of closed, and waited for until reported.
/// </summary>
public static class ReviewStep
{
    /// <summary>From this version the step follows every move of its deadline (a calendar import), not only one extension.</summary>
    public const string MovableDeadlinesSince = "1.2";

    public static string DecidedEvent(string taskId) => $"ReviewDecided-{taskId}";

    /// <summary>The event that moves a waiting step's deadline (its name predates calendar recounts: it was the extension's).</summary>
    public static string DeadlineMovedEvent(string taskId) => $"ReviewExtended-{taskId}";

    /// <param name="cancellation">Completes with the reason when the task is no longer wanted; may already be complete.</param>
    public static async Task<TaskOutcome> AwaitTaskAsync(this TaskOrchestrationContext context, TaskSpec spec,
        Task<string>? cancellation = null)
    {
        if (cancellation is { IsCompleted: true }) return new TaskOutcome(TaskOutcomeKind.Cancelled, null);
        var movable = context.CompareVersionTo(MovableDeadlinesSince) >= 0;
        await context.OpenTaskAsync(spec with { DeadlineFollowsMoves = movable });

        using var waiting = new CancellationTokenSource();
        Task<TaskDecision> decided = context.WaitForExternalEvent<TaskDecision>(DecidedEvent(spec.TaskId), waiting.Token);
        var wait = await context.UntilDeadlineAsync(decided, spec.DueAt, cancellation, spec.TaskId,
            movable || spec.MaxExtensionDays > 0, movable, waiting);
        if (wait == Waited.Deadline && spec.FollowUp is not null)
        {
            // A follow-up task is escalated (督办) at its deadline and stays open: its result is still wanted.
            TaskDecision? reported = await context.EscalateTaskAsync(new TaskRef(spec.CaseId, spec.TaskId));
            if (reported is not null)
            {
                waiting.Cancel();
                return new TaskOutcome(TaskOutcomeKind.Decided, reported);
            }
            wait = await Task.WhenAny(new Task?[] { decided, cancellation }.OfType<Task>()) == decided ? Waited.Decided : Waited.Cancelled;
        }
        waiting.Cancel();
        if (wait == Waited.Decided) return new TaskOutcome(TaskOutcomeKind.Decided, await decided);

        // A decision recorded just before the deadline or the cancellation, whose event has not arrived, still counts.
        TaskDecision? recorded = wait == Waited.Deadline
            ? await context.ExpireTaskAsync(new TaskRef(spec.CaseId, spec.TaskId))
            : await context.CancelTaskAsync(new CancelTaskInput(spec.CaseId, spec.TaskId, await cancellation!));
        if (recorded is not null) return new TaskOutcome(TaskOutcomeKind.Decided, recorded);
        return new TaskOutcome(wait == Waited.Deadline ? TaskOutcomeKind.Expired : TaskOutcomeKind.Cancelled, null);
    }

    private enum Waited { Decided, Deadline, Cancelled }

    /// <summary>
    /// Waits for <paramref name="decided"/> against a durable timer at <paramref name="dueAt"/> (or the cancellation),
    /// cancelling the timer that lost. When the deadline may move, a move restarts the timer at the new instant — once
    /// (the extension of versions before 1.2) or as often as it moves.
    /// </summary>
    private static async Task<Waited> UntilDeadlineAsync(this TaskOrchestrationContext context, Task decided, DateTimeOffset dueAt,
        Task<string>? cancellation, string taskId, bool deadlineMoves, bool movesRepeatedly, CancellationTokenSource waiting)
    {
        Task<DeadlineMoved>? moved = deadlineMoves ? context.WaitForExternalEvent<DeadlineMoved>(DeadlineMovedEvent(taskId), waiting.Token)
            : null;
        while (true)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(waiting.Token);
            Task deadline = context.CreateTimer(dueAt.UtcDateTime, timer.Token);
            var winner = await Task.WhenAny(new Task?[] { decided, deadline, cancellation, moved }.OfType<Task>());
            if (winner != deadline) timer.Cancel();
            if (winner == decided) return Waited.Decided;
            if (winner == deadline) return Waited.Deadline;
            if (winner == cancellation) return Waited.Cancelled;
            dueAt = (await moved!).DueAt;
            moved = movesRepeatedly ? context.WaitForExternalEvent<DeadlineMoved>(DeadlineMovedEvent(taskId), waiting.Token) : null;
        }
    }
}

public static class TaskDecisionLoop
{
    /// <summary>
    /// A decision that must be taken: when the task's deadline passes the supervisor has been told (督办), and the holders get
    /// a fresh task with the deadline <paramref name="plan"/> gives for that escalation.
    /// </summary>
    public static async Task<TaskDecision> DecideAsync(this TaskOrchestrationContext context, Func<int, Task<TaskSpec>> plan)
    {
        for (var escalation = 0; ; escalation++)
        {
            TaskOutcome outcome = await context.AwaitTaskAsync(await plan(escalation));
            if (!outcome.Expired) return outcome.Decision!;
        }
    }
}
