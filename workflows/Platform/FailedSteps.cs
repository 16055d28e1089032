using Azure.Data.Tables;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Campaigns;
using LinfenFlows.Workflows.Parks;
using LinfenFlows.Workflows.Veterinary;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Workflows.Platform;

/// <summary>
/// A workflow step whose activity failed beyond its retries: which workflow, which activity, why, and the event that resumes it.
/// </summary>
public sealed record FailedStep(string InstanceId, string Activity, string ErrorType, string Message, string RetryEvent);

/// <summary>An operator's retry of a failed step, as the waiting workflow receives it.</summary>
public sealed record FailedStepRetried(string By, DateTimeOffset At);

/// <summary>One failed step waiting for its retry (partition: the workflow instance; row: the event that resumes it).</summary>
public sealed class FailedStepEntity : TableRow
{
    public string Activity { get; set; } = "";
    public string Step { get; set; } = "";
    public string CaseTitle { get; set; } = "";
    public string ErrorType { get; set; } = "";
    public string Message { get; set; } = "";
    public DateTimeOffset FailedAt { get; set; }
}

/// <summary>
/// No case is left stuck without anyone knowing. When an activity fails beyond its retries the workflow does not fail:
/// the case is marked 异常 with the reason, the failure is logged as an error with the case id, the operators and the
/// case's supervisor are told, and the workflow waits at that step. Once the cause is fixed an operator retries it
/// (recorded in the timeline) and the workflow calls the activity again.
/// </summary>
public sealed class FailedSteps(StorageAccount storage, CaseJournal journal, Notifier notifier, PublicUrls urls, TimeProvider clock,
    ILogger<FailedSteps> logger)
{
    public const string ReportFailedStep = nameof(ReportFailedStep);

    private readonly TableClient table = storage.Table(StorageNames.FailedSteps);

    /// <summary>The supervisor (督办) of a kind of case, told when one of its steps fails.</summary>
    public static Assignee? SupervisorOf(string kind) => kind switch
    {
        AccidentIntake.Kind => AccidentParties.Inspection,
        ParkIntake.Kind or ParkCycleDetails.Kind or BranchChangeDetails.Kind => ParkParties.Supervisor,
        CertificateDetails.Kind or TrainingFiles.Kind => TrainingParties.CityBureauSupervisor,
        CollectionDetails.Kind or CampaignDetails.Kind => CampaignParties.OfficeSupervisor,
        _ => null,
    };

    /// <summary>The activity of <see cref="ReportFailedStep"/>: recorded once per failure, however often it runs.</summary>
    public async Task ReportAsync(FailedStep failed)
    {
        var message = PersonalData.Mask(failed.Message.Length > 300 ? failed.Message[..300] + "…" : failed.Message);
        logger.LogError("Workflow {InstanceId} stopped at {Activity}: {ErrorType}: {Message}. Case {CaseId} waits for an operator's retry.",
            failed.InstanceId, failed.Activity, failed.ErrorType, message, failed.InstanceId);
        var c = CaseId.IsWellFormed(failed.InstanceId) ? await journal.FindAsync(new CaseId(failed.InstanceId)) : null;
        var step = c?.Step is { Length: > 0 } s ? s : failed.Activity;
        var now = clock.GetUtcNow();
        await table.UpsertEntityAsync(new FailedStepEntity
        {
            PartitionKey = failed.InstanceId, RowKey = failed.RetryEvent,
            Activity = failed.Activity, Step = step, CaseTitle = c?.Title ?? failed.InstanceId,
            ErrorType = failed.ErrorType, Message = message, FailedAt = now,
        }, TableUpdateMode.Replace);

        var reason = $"系统处理“{step}”时出错（{failed.ErrorType}：{message}）";
        var text = $"{reason}，流程已在此暂停，办件不会丢失。请运维人员排除原因后在“异常流程”页面重试。";
        var link = urls.Absolute(Routes.FailedStepsPath);
        if (c is null)
        {
            await notifier.SendAsync(new Notification($"failed-{failed.InstanceId}-{failed.RetryEvent}", PlatformParties.Operators,
                "【异常】流程处理出错", text, link));
            return;
        }
        var notices = new List<Notification>
        {
            new($"failed-{failed.RetryEvent}", PlatformParties.Operators, $"【异常】{c.Title}", text, link),
        };
        if (SupervisorOf(c.Kind) is { } supervisor)
            notices.Add(new($"failed-{failed.RetryEvent}-supervisor", supervisor, $"【异常】{c.Title}",
                $"{reason}，流程已暂停，已通知运维人员处理。", urls.Absolute(Routes.CaseProgressPath(c.PartitionKey))));
        await journal.RecordAsync(c.Id, new CaseChange
        {
            Key = $"failed-{failed.RetryEvent}",
            Event = new CaseEventDraft("workflow.failed", $"异常：{reason}，流程已暂停，待运维人员重试", Actor.System, now),
            Update = e => e.Fault = reason,
            Notifications = notices,
        });
    }

    /// <summary>Every step waiting for a retry, newest first (failures are rare: the table is read whole).</summary>
    public async Task<IReadOnlyList<FailedStepEntity>> WaitingAsync(CancellationToken ct = default)
    {
        var rows = new List<FailedStepEntity>();
        await foreach (var row in table.QueryAsync<FailedStepEntity>(cancellationToken: ct)) rows.Add(row);
        return rows.OrderByDescending(r => r.FailedAt).ToList();
    }

    /// <summary>An operator retries every failed step of a workflow: recorded in the case's timeline, then each step resumes.</summary>
    /// <returns>How many steps were retried.</returns>
    public async Task<int> RetryAsync(DurableTaskClient client, Caller? caller, string? instanceId, CancellationToken ct = default)
    {
        if (caller is null) throw Problem.Unauthenticated();
        if (!caller.IsIn(Roles.Operator)) throw Problem.Forbidden("只有运维人员可以重试异常流程。");
        if (string.IsNullOrEmpty(instanceId) || instanceId.Length > 100) throw Problem.NotFound("异常流程", "Failed workflow");
        var rows = new List<FailedStepEntity>();
        await foreach (var row in table.QueryAsync<FailedStepEntity>(r => r.PartitionKey == instanceId, cancellationToken: ct))
            rows.Add(row);
        if (rows.Count == 0)
            throw Problem.Conflict("not-failed", "该流程没有待重试的异常环节。", "The workflow has no failed step waiting for a retry.");

        var now = clock.GetUtcNow();
        if (CaseId.IsWellFormed(instanceId) && await journal.FindAsync(new CaseId(instanceId), ct) is { } c)
            await journal.RecordAsync(c.Id, new CaseChange
            {
                Key = $"retried-{string.Join('-', rows.Select(r => r.RowKey))}",
                Event = new CaseEventDraft("workflow.retried",
                    $"运维人员{caller.Name}重试异常环节“{string.Join("”“", rows.Select(r => r.Step).Distinct())}”",
                    new Actor(caller.UserId, caller.Name, Roles.Operator, caller.Organisation), now),
                Update = e => e.Fault = null,
            }, ct);
        foreach (var row in rows)
        {
            await client.RaiseEventAsync(instanceId, row.RowKey, new FailedStepRetried(caller.Name, now), ct);
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct);
        }
        logger.LogInformation("Operator {Operator} retried {Count} failed steps of {CaseId}", caller.UserId, rows.Count, instanceId);
        return rows.Count;
    }
}
