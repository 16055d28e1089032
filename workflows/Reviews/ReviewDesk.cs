using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Reviews;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Workflows.Reviews;

/// <summary>Acting on a task (through its link or from the inbox): record it (exactly once), then wake the workflow waiting for it.</summary>
public sealed class ReviewDesk(ReviewService reviews)
{
    public async Task<ReviewDecision> DecideAsync(DurableTaskClient client, ResolvedLink task, string decision, string? opinion,
        IReadOnlyList<string>? selected = null, UploadedFile? file = null, Actor? actingAs = null, CancellationToken ct = default,
        IReadOnlyDictionary<string, string>? values = null)
    {
        var (caseId, taken) = await reviews.DecideAsync(task, decision, opinion, selected, file, actingAs, ct, values);
        // A receipt (签收) is recorded only; the step waits for the result. Should the event be lost, the step still finds the
        // recorded decision at its deadline.
        if (taken.IsFinal) await client.RaiseEventAsync(caseId.Value, ReviewStep.DecidedEvent(taken.TaskId), taken, ct);
        return taken;
    }

    /// <summary>Extending the deadline: record it (once), then move the waiting step's timer.</summary>
    public async Task<ReviewExtension> ExtendAsync(DurableTaskClient client, ResolvedLink task, int? days, string? reason, CancellationToken ct = default)
    {
        var (caseId, extension) = await reviews.ExtendAsync(task, days, reason, ct);
        await client.RaiseEventAsync(caseId.Value, ReviewStep.ExtendedEvent(extension.TaskId), extension, ct);
        return extension;
    }
}
