using LinfenFlows.Shared.Cases;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Workflows.Platform;

/// <summary>A submission as answered: the case, and whether this request created it (201) or found it (200, a retry).</summary>
public sealed record Submitted(CaseEntity Case, bool Created);

/// <summary>Starts a case's workflow (instance id = case id) exactly once, however many retries of its submission arrive.</summary>
public sealed class WorkflowStarter(CaseJournal journal)
{
    /// <summary>
    /// Starts the workflow unless it runs already. Concurrent retries of one submission must not both start it (not every
    /// backend refuses a second start), so only the holder of the case's start lease does.
    /// </summary>
    public async Task EnsureStartedAsync(DurableTaskClient client, CaseEntity entity, string orchestration, object input,
        CancellationToken ct)
    {
        if (await client.GetInstanceAsync(entity.PartitionKey, ct) is not null) return;
        if (!await journal.TryClaimAsync(entity.Id, "workflow-start", TimeSpan.FromSeconds(30), ct)) return;
        await StartOnceAsync(client, entity.PartitionKey, orchestration, input, ct);
    }

    /// <summary>Starts the instance unless it exists; a concurrent start of the same instance winning first is not an error.</summary>
    public static async Task StartOnceAsync(DurableTaskClient client, string instanceId, string orchestration, object input,
        CancellationToken ct)
    {
        if (await client.GetInstanceAsync(instanceId, ct) is not null) return;
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestration, input, new StartOrchestrationOptions(instanceId), ct);
        }
        catch (Exception)
        {
            // Started by a concurrent call; anything else is a real failure.
            if (await client.GetInstanceAsync(instanceId, ct) is null) throw;
        }
    }
}
