using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Platform;

public sealed record RectificationInput(string CaseId);

/// <summary>What a rectification case is about: the rated case, its rating, who handled it, who rated it.</summary>
public sealed record RectificationDetails(string RatedCaseId, string RatedTitle, string Level, string? Comment, Assignee Handler,
    string ApplicantOrganisation)
{
    public const string Kind = "rating-rectification";

    public static RectificationDetails Of(CaseEntity c) => JsonSerializer.Deserialize<RectificationDetails>(c.DetailsJson, Json.Options)!;
}

/// <summary>
/// 差评整改: the organisation that handled a poorly rated case rectifies and reports within 15 working days (escalated to
/// its supervisor when late, and still wanted); the result goes back to the applicant. A case and a workflow of its own,
/// so the rated case stays as it was finished.
/// </summary>
public static class RatingRectification
{
    public const int WorkingDays = 15;

    public static string CaseIdOf(string ratedCaseId) => $"rect-{ratedCaseId}";

    public static async Task<string> RunAsync(TaskOrchestrationContext context, RectificationInput input)
    {
        TaskSpec spec = await context.CallAsync<TaskSpec>(RectificationActivities.PlanRectification, input);
        await context.AwaitTaskAsync(spec);
        return await context.CallAsync<string>(RectificationActivities.ConcludeRectification, new TaskRef(input.CaseId, spec.TaskId));
    }

    /// <summary>The rectification case, opened when the 差评 is given (idempotent: its id derives from the rated case).</summary>
    internal static async Task<CaseEntity> OpenAsync(CaseJournal journal, CaseEntity rated, Assignee handler, RatingEntity rating,
        DateTimeOffset now, CancellationToken ct)
    {
        var id = new CaseId(CaseIdOf(rated.PartitionKey));
        var details = new RectificationDetails(
            rated.PartitionKey, rated.Title, rating.Level, rating.Comment, handler, rated.ApplicantOrganisation);
        await journal.CreateAsync(new CaseEntity
        {
            PartitionKey = id.Value, Kind = RectificationDetails.Kind, Title = $"差评整改：{rated.Title}",
            ApplicantOrganisation = rated.ApplicantOrganisation,
            County = rated.County, Step = "整改", Holder = Organisations.NameOf(handler.Organisation),
            Parties = string.Join(',', new[] { handler.Organisation, rated.ApplicantOrganisation }.Distinct()),
            DetailsJson = JsonSerializer.Serialize(details, Json.Options),
        }, new CaseChange
        {
            Key = "opened",
            Event = new CaseEventDraft("rating.rectification", $"申请单位评价为“{rating.Level}”，转{Organisations.NameOf(handler.Organisation)}整改",
                Actor.System, now, rating.Comment),
        }, ct);
        return await journal.GetAsync(id, ct);
    }
}

/// <summary>The rectification's task, and the report back to the applicant.</summary>
public sealed class RectificationActivities(CaseJournal journal, Ratings ratings, WorkingCalendars calendars, PublicUrls urls,
    TimeProvider clock)
{
    public const string PlanRectification = nameof(PlanRectification);
    public const string ConcludeRectification = nameof(ConcludeRectification);

    public async Task<TaskSpec> PlanAsync(RectificationInput input)
    {
        var d = RectificationDetails.Of(await journal.GetAsync(new CaseId(input.CaseId)));
        var calendar = await calendars.CurrentAsync();
        return new TaskSpec
        {
            CaseId = input.CaseId, TaskId = "rectification", Step = "rating-rectification",
            StepName = $"差评整改：{d.RatedTitle}（评价：{d.Level}）", AssignedTo = d.Handler,
            Supervisor = new Assignee(d.Handler.Organisation, Roles.Supervisor), Decisions = [Decisions.Report],
            Due = calendar.Compute(
                new Period(PeriodKind.WorkingDays, BeijingTime.DateOf(clock.GetUtcNow()), RatingRectification.WorkingDays)),
            RemindWorkingDaysBefore = [3, 1], FollowUp = new FollowUp(ReceiptFirst: false),
        };
    }

    public async Task<string> ConcludeAsync(TaskRef input)
    {
        var caseId = new CaseId(input.CaseId);
        var d = RectificationDetails.Of(await journal.GetAsync(caseId));
        var task = await journal.DecidedTaskAsync(caseId, input.TaskId);
        var by = task.RecordedDecision!.DecidedBy;
        var now = clock.GetUtcNow();
        var result = task.Opinion ?? "";
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "concluded",
            Event = new CaseEventDraft("rating.rectified", "整改情况已反馈申请单位，办结", by, now, result),
            Update = c => { c.Status = CaseStatus.Completed; c.Step = "已整改"; c.Holder = ""; c.DueAt = null; },
            Notifications =
            [
                new Notification("rectified", new Assignee(d.ApplicantOrganisation, Roles.Applicant), $"【整改反馈】{d.RatedTitle}",
                    $"你单位对“{d.RatedTitle}”的评价（{d.Level}）已由{Organisations.NameOf(d.Handler.Organisation)}整改。整改情况：{result}",
                    urls.Absolute(Routes.CaseProgressPath(input.CaseId))),
            ],
        });
        await journal.RecordAsync(new CaseId(d.RatedCaseId), new CaseChange
        {
            Key = "rating-rectified",
            Event = new CaseEventDraft("case.rating-rectified", $"差评整改情况：{Organisations.NameOf(d.Handler.Organisation)}已整改并反馈", by, now,
                result),
        });
        await ratings.RectifiedAsync(d.Handler.Organisation, d.RatedCaseId, now);
        return "rectified";
    }
}
