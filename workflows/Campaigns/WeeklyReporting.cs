using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Campaigns;

public sealed record CollectionInput(string CaseId);

/// <summary>The participants' report tasks of one collection, and when it closes for late reports.</summary>
public sealed record CollectionPlan(IReadOnlyList<TaskSpec> Tasks, DateTimeOffset ClosesAt);

/// <summary>What a collection closed with: who reported (on time or late) and who did not.</summary>
public sealed record CollectionResult(string CaseId, int Reported, int Late, IReadOnlyList<string> Missing);

/// <summary>What a collection case is: one week's progress (or the task list) of a campaign, from each participant.</summary>
public sealed record CollectionDetails(string CampaignId, string CampaignTitle, string DocumentNumber, string Label, int Week,
    DateOnly Scheduled, DateOnly Due, IReadOnlyList<string> Participants)
{
    public const string Kind = "campaign-collection";

    public static CollectionDetails Of(CaseEntity c) => JsonSerializer.Deserialize<CollectionDetails>(c.DetailsJson, Json.Options)!;

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    public const string TaskListLabel = "工作方案和任务清单";

    public static string TaskIdOf(string organisation) => $"report-{organisation}";

    public static string WeekLabel(ReportDay day) => $"第{day.Week}周工作进展（{day.Due.Month}月{day.Due.Day}日）";
}

/// <summary>
/// One collection of a campaign (临政办发〔2022〕51号: 每周四向市大气办报送工作进展情况): each participant's report is a task due
/// at the end of the report day (reminded that morning); a missing one is escalated (督办) to the office at the end of the
/// day and still taken until the end of the next working day; then the collection closes, recording who never reported.
/// It lives for its week and no longer.
/// </summary>
public static class WeeklyReporting
{
    public const string ClosedReason = "本期报送已截止";

    public static async Task<CollectionResult> RunAsync(TaskOrchestrationContext context, CollectionInput input)
    {
        CollectionPlan plan = await context.CallAsync<CollectionPlan>(CollectionActivities.PlanCollection, input);
        using var closing = new CancellationTokenSource();
        Task<string> closed = ClosesAsync(context, plan.ClosesAt, closing.Token);
        await Task.WhenAll(plan.Tasks.Select(t => context.AwaitTaskAsync(t, closed)));
        if (!closed.IsCompleted) closing.Cancel();
        return await context.CallAsync<CollectionResult>(CollectionActivities.CloseCollection, input);
    }

    private static async Task<string> ClosesAsync(TaskOrchestrationContext context, DateTimeOffset at, CancellationToken ct)
    {
        await context.CreateTimer(at.UtcDateTime, ct);
        return ClosedReason;
    }
}

/// <summary>The collection's activities: plan the participants' tasks; close it on the collection and on the campaign.</summary>
public sealed class CollectionActivities(CaseJournal journal, WorkingCalendars calendars, PublicUrls urls, TimeProvider clock)
{
    public const string PlanCollection = nameof(PlanCollection);
    public const string CloseCollection = nameof(CloseCollection);

    public async Task<CollectionPlan> PlanAsync(CollectionInput input)
    {
        var d = CollectionDetails.Of(await journal.GetAsync(new CaseId(input.CaseId)));
        var calendar = await calendars.CurrentAsync();
        // The day the weekday falls on, moved to a working day; a week's progress is a period given to the reporter.
        var due = calendar.Compute(new Period(PeriodKind.DaysToWorkingDay, d.Scheduled, 0, PeriodBinds.Public));
        var tasks = d.Participants.Select(p => new TaskSpec
        {
            CaseId = input.CaseId, TaskId = CollectionDetails.TaskIdOf(p), Step = "campaign-report",
            StepName = $"报送{d.Label}（{d.CampaignTitle}）", AssignedTo = CampaignParties.Reporter(p),
            Supervisor = CampaignParties.OfficeSupervisor, Decisions = [Decisions.Report], Due = due,
            RemindWorkingDaysBefore = [0], FollowUp = new FollowUp(ReceiptFirst: false), FileRequired = true,
        }).ToList();
        return new CollectionPlan(tasks, BeijingTime.EndOf(CampaignRules.LastLateDay(BeijingTime.LastDayOf(due.At), calendar)));
    }

    public async Task<CollectionResult> CloseAsync(CollectionInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var d = CollectionDetails.Of(await journal.GetAsync(caseId));
        var tasks = await journal.RowsAsync<TaskEntity>(caseId, RowKeys.TaskPrefix);
        var reported = tasks.Where(t => t.State == TaskStates.Done).ToList();
        var late = reported.Count(t => t.DecidedAt > t.DueAt);
        var missing = d.Participants.Where(p => reported.All(t => t.AssigneeOrganisation != p)).ToList();
        var summary = $"{d.Label}报送截止：应报{d.Participants.Count}家，已报送{reported.Count}家" + (late > 0 ? $"（其中逾期{late}家）" : "")
            + (missing.Count > 0 ? $"，未报送{missing.Count}家：{string.Join("、", missing.Select(Organisations.NameOf))}" : "，全部报送");
        var now = clock.GetUtcNow();
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "closed",
            Event = new CaseEventDraft("campaign.collection-closed", summary, Actor.System, now),
            Update = c => { c.Status = CaseStatus.Completed; c.Step = "已截止"; c.Holder = ""; c.DueAt = null; },
        });
        var campaign = new CaseId(d.CampaignId);
        var row = await journal.FindRowAsync<CollectionEntity>(campaign, CollectionEntity.KeyOf(d.Due, d.Week))
            ?? CollectionEntity.Of(d.CampaignId, d, input.CaseId);
        row.Closed = true;
        row.Missing = string.Join(',', missing);
        await journal.RecordAsync(campaign, new CaseChange
        {
            Key = $"closed-{input.CaseId}",
            Event = new CaseEventDraft("campaign.collection-closed", summary, Actor.System, now),
            Rows = [row],
            Notifications = missing.Count == 0 ? [] :
            [
                new Notification($"missing-{input.CaseId}", CampaignParties.Office, $"【未报送】{d.CampaignTitle}{d.Label}",
                    summary + "。", urls.Absolute(Routes.CampaignPagePath(d.CampaignId))),
            ],
        });
        return new CollectionResult(input.CaseId, reported.Count, late, missing);
    }
}
