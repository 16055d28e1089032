using LinfenFlows.Shared.Reviews;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Workflows.Reviews;

/// <summary>Taking a decision through a link: record it (exactly once), then wake the workflow waiting for it.</summary>
public sealed class ReviewDesk(ReviewService reviews)
{
    public async Task<ReviewDecision> DecideAsync(DurableTaskClient client, string token, string decision, string? opinion, CancellationToken ct = default)
    {
        var (caseId, taken) = await reviews.DecideAsync(token, decision, opinion, ct);
        // Should this event be lost, the step still finds the recorded decision at its deadline.
        await client.RaiseEventAsync(caseId.Value, ReviewStep.DecidedEvent(taken.TaskId), taken, ct);
        return taken;
    }

    /// <summary>Extending the deadline through the link: record it (once), then move the waiting step's timer.</summary>
    public async Task<ReviewExtension> ExtendAsync(DurableTaskClient client, string token, int? days, string? reason, CancellationToken ct = default)
    {
        var (caseId, extension) = await reviews.ExtendAsync(token, days, reason, ct);
        await client.RaiseEventAsync(caseId.Value, ReviewStep.ExtendedEvent(extension.TaskId), extension, ct);
        return extension;
    }
}
