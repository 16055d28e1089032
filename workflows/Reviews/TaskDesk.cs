using LinfenFlows.Shared.Tasks;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Workflows.Reviews;

/// <summary>
/// Acting on a task (through its link or from the inbox): record it (exactly once), then wake the workflow waiting for it.
/// </summary>
public sealed class TaskDesk(TaskDecisions decisions, TaskDeadlines deadlines)
{
    public async Task<TaskDecision> DecideAsync(DurableTaskClient client, TaskAccess task, TaskActionRequest request,
        CancellationToken ct = default)
    {
        var taken = await decisions.DecideAsync(task, request, ct);
        // A receipt (签收) is recorded only; the step waits for the result. Should the event be lost, the step still finds the
        // recorded decision at its deadline.
        if (taken.Decision != Decisions.Receive)
            await client.RaiseEventAsync(task.Case!.PartitionKey, ReviewStep.DecidedEvent(taken.TaskId), taken, ct);
        return taken;
    }

    /// <summary>Extending the deadline: record it (once), then move the waiting step's timer.</summary>
    public async Task<DeadlineMoved> ExtendAsync(DurableTaskClient client, TaskAccess task, int? days, string? reason,
        CancellationToken ct = default)
    {
        var moved = await deadlines.ExtendAsync(task, days, reason, ct);
        await client.RaiseEventAsync(task.Case!.PartitionKey, ReviewStep.DeadlineMovedEvent(moved.TaskId), moved, ct);
        return moved;
    }
}
