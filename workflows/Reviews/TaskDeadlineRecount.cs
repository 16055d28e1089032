using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Workflows.Reviews;

/// <summary>A task's deadline counted again after a notice import; the waiting step's timer follows the move.</summary>
public sealed class TaskDeadlineRecount(TaskDeadlines deadlines) : IDeadlineRecount
{
    public string Kind => TaskDeadlines.TrackedKind;

    public async Task RecountAsync(DurableTaskClient client, ProvisionalDeadlineEntity deadline, CancellationToken ct)
    {
        if (await deadlines.RecountAsync(new CaseId(deadline.CaseId), deadline.Subject, ct) is { } moved)
            await client.RaiseEventAsync(deadline.CaseId, ReviewStep.DeadlineMovedEvent(moved.TaskId), moved, ct);
    }
}
