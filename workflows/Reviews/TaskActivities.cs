using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using Microsoft.DurableTask;

namespace LinfenFlows.Workflows.Reviews;

/// <summary>Typed calls of the review step's activities (with the shared retry policy).</summary>
public static class TaskActivityCalls
{
    public static Task OpenTaskAsync(this TaskOrchestrationContext c, TaskSpec spec) => c.CallAsync(TaskActivities.OpenReviewTask, spec);

    public static Task<TaskDecision?> ExpireTaskAsync(this TaskOrchestrationContext c, TaskRef task) =>
        c.CallAsync<TaskDecision?>(TaskActivities.ExpireReviewTask, task);

    public static Task<TaskDecision?> EscalateTaskAsync(this TaskOrchestrationContext c, TaskRef task) =>
        c.CallAsync<TaskDecision?>(TaskActivities.EscalateReviewTask, task);

    public static Task<TaskDecision?> CancelTaskAsync(this TaskOrchestrationContext c, CancelTaskInput input) =>
        c.CallAsync<TaskDecision?>(TaskActivities.CancelReviewTask, input);
}

/// <summary>
/// The review step's activities; the Functions app exposes each under its constant name (names in workflow histories: never renamed).
/// </summary>
public sealed class TaskActivities(TaskOpening opening, TaskDeadlines deadlines, ProvisionalDeadlines provisional)
{
    public const string OpenReviewTask = nameof(OpenReviewTask);
    public const string ExpireReviewTask = nameof(ExpireReviewTask);
    public const string CancelReviewTask = nameof(CancelReviewTask);
    public const string EscalateReviewTask = nameof(EscalateReviewTask);

    public async Task OpenAsync(TaskSpec spec)
    {
        await opening.OpenAsync(spec);
        await provisional.TrackAsync(spec.Due, TaskDeadlines.TrackedKind, spec.CaseId, spec.TaskId);
    }

    public Task<TaskDecision?> ExpireAsync(TaskRef task) => deadlines.ExpireAsync(new CaseId(task.CaseId), task.TaskId);

    public Task<TaskDecision?> EscalateAsync(TaskRef task) => deadlines.EscalateAsync(new CaseId(task.CaseId), task.TaskId);

    public Task<TaskDecision?> CancelAsync(CancelTaskInput input) =>
        deadlines.CancelAsync(new CaseId(input.CaseId), input.TaskId, input.Reason);
}
