using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Reviews;
using Microsoft.Azure.Functions.Worker;

namespace LinfenFlows.Functions.Reviews;

/// <summary>The review step's activities, exposed under the names workflow histories know them by.</summary>
public sealed class TaskWorkflowFunctions(TaskActivities activities)
{
    [Function(TaskActivities.OpenReviewTask)]
    public Task OpenReviewTask([ActivityTrigger] TaskSpec spec) => activities.OpenAsync(spec);

    [Function(TaskActivities.ExpireReviewTask)]
    public Task<TaskDecision?> ExpireReviewTask([ActivityTrigger] TaskRef task) => activities.ExpireAsync(task);

    [Function(TaskActivities.EscalateReviewTask)]
    public Task<TaskDecision?> EscalateReviewTask([ActivityTrigger] TaskRef task) => activities.EscalateAsync(task);

    [Function(TaskActivities.CancelReviewTask)]
    public Task<TaskDecision?> CancelReviewTask([ActivityTrigger] CancelTaskInput input) => activities.CancelAsync(input);
}
