using System.ComponentModel.DataAnnotations;
using Azure.Data.Tables;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Parks;
using LinfenFlows.Workflows.Veterinary;
using Microsoft.DurableTask.Client;
using Validator = LinfenFlows.Shared.Problems.Validator;

namespace LinfenFlows.Workflows.Platform;

/// <summary>The five levels of 好差评 (国办发〔2019〕51号); the last two are 差评.</summary>
public static class RatingLevels
{
    public static readonly IReadOnlyList<string> All = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"];

    public static bool IsPoor(string level) => level is "不满意" or "非常不满意";
}

/// <summary>One rated case (partition: the organisation that handled it; row: the case): the level and its rectification.</summary>
public sealed class RatingEntity : TableRow
{
    public string CaseTitle { get; set; } = "";
    public string Level { get; set; } = "";
    public string? Comment { get; set; }
    public string RatedByName { get; set; } = "";
    public DateTimeOffset RatedAt { get; set; }
    /// <summary>The rectification case a 差评 opened, and when its result was reported.</summary>
    public string? RectificationCaseId { get; set; }
    public DateTimeOffset? RectifiedAt { get; set; }
}

/// <summary>An organisation's ratings: how many of each level, the 差评 and how many were rectified.</summary>
public sealed record RatingFigures(string Organisation, string OrganisationName, int Rated, IReadOnlyDictionary<string, int> Levels,
    int Poor, int Rectified)
{
    /// <summary>好评率: 非常满意, 满意 and 基本满意 among all ratings.</summary>
    public decimal GoodRate => Rated == 0 ? 0 : Math.Round(100m * (Rated - Poor) / Rated, 1);

    /// <summary>差评整改率: rectified among 差评.</summary>
    public decimal RectificationRate => Poor == 0 ? 0 : Math.Round(100m * Rectified / Poor, 1);
}

public sealed record RatingRequest([Required, AllowedValues("非常满意", "满意", "基本满意", "不满意", "非常不满意")] string? Level,
    [MaxLength(1000)] string? Comment);

/// <summary>
/// 好差评: when a case an applicant started is finished, its applicant organisation is invited once to rate it; a 差评
/// opens a rectification task for the organisation that handled the case, due in 15 working days, whose result goes back to
/// the applicant and into both cases' timelines. Ratings are kept per handling organisation for the statistics.
/// </summary>
public sealed class Ratings(StorageAccount storage, CaseJournal journal, WorkflowStarter starter, TimeProvider clock)
{
    private readonly TableClient table = storage.Table(StorageNames.Ratings);

    /// <summary>Who handled a kind of case (receives a rectification task), or null when the kind is not rated.</summary>
    public static Assignee? HandlerOf(CaseEntity c) => c.Kind switch
    {
        AccidentIntake.Kind => new Assignee(Organisations.CityGovernmentOffice, Roles.Applicant),
        ParkIntake.Kind or BranchChangeDetails.Kind => ParkParties.Organiser,
        CertificateDetails.Kind when Counties.Named(c.County) is { } county => TrainingParties.CountyVerifier(county),
        _ => null,
    };

    /// <summary>The invitation a finished case sends its applicant (registered as the journal's completion notice).</summary>
    public static IReadOnlyList<Notification> InvitationOf(CaseEntity c, PublicUrls urls) =>
        HandlerOf(c) is null || string.IsNullOrEmpty(c.ApplicantOrganisation) ? [] :
        [
            new Notification("rating-invite", new Assignee(c.ApplicantOrganisation, Roles.Applicant), $"【评价】{c.Title}",
                "办件已办结。请对办理情况作出评价（非常满意、满意、基本满意、不满意、非常不满意），评价为不满意的，办理单位将在15个工作日内整改并反馈。",
                urls.Absolute(Routes.CaseRatingPath(c.PartitionKey))),
        ];

    public async Task<RatingEntity?> FindAsync(CaseEntity c, CancellationToken ct = default) =>
        HandlerOf(c) is { } handler && (await table.GetEntityIfExistsAsync<RatingEntity>(handler.Organisation, c.PartitionKey,
            cancellationToken: ct)) is { HasValue: true } row ? row.Value : null;

    /// <summary>A case of a rateable kind, as its applicant organisation sees it; anyone else is told it does not exist.</summary>
    public async Task<CaseEntity> RateableAsync(Caller? caller, string? caseIdText, CancellationToken ct = default)
    {
        if (caller is null) throw Problem.Unauthenticated();
        var c = CaseId.IsWellFormed(caseIdText) ? await journal.FindAsync(new CaseId(caseIdText!), ct) : null;
        if (c is null || caller.Organisation != c.ApplicantOrganisation) throw Problem.NotFound("办件", "Case");
        return HandlerOf(c) is null ? throw Problem.NotFound("可评价的办件", "A rateable case") : c;
    }

    /// <summary>The applicant rates its finished case, once; a 差评 starts the handler's rectification.</summary>
    public async Task<RatingEntity> RateAsync(DurableTaskClient client, Caller? caller, string? caseIdText, RatingRequest? request,
        CancellationToken ct = default)
    {
        if (caller is null) throw Problem.Unauthenticated();
        var c = await RateableAsync(caller, caseIdText, ct);
        var handler = HandlerOf(c)!;
        if (c.Status != CaseStatus.Completed)
            throw Problem.Conflict("not-completed", "办件办结后方可评价。", "A case can be rated once it is completed.");
        new Validator()
            .Require(request?.Level is { } l && RatingLevels.All.Contains(l), "level", "allowed-level",
                $"评价等次只能是：{string.Join("、", RatingLevels.All)}。", "level must be one of the five levels.")
            .Require(request?.Level is null || !RatingLevels.IsPoor(request.Level) || !string.IsNullOrWhiteSpace(request.Comment),
                "comment", "required", "评价为不满意的，请说明原因，以便整改。", "A poor rating needs a comment.")
            .Require((request?.Comment?.Length ?? 0) <= 1000,
                "comment", "max-length", "评价意见不能超过1000字。", "comment is at most 1000 characters.")
            .ThrowIfInvalid();

        var now = clock.GetUtcNow();
        var rating = new RatingEntity
        {
            PartitionKey = handler.Organisation, RowKey = c.PartitionKey, CaseTitle = c.Title, Level = request!.Level!,
            Comment = request.Comment?.Trim(), RatedByName = caller.Name, RatedAt = now,
            RectificationCaseId = RatingLevels.IsPoor(request.Level!) ? RatingRectification.CaseIdOf(c.PartitionKey) : null,
        };
        try
        {
            await table.AddEntityAsync(rating, ct);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            throw Problem.Conflict("rated", "该办件已评价，每件只能评价一次。", "The case has been rated already.");
        }
        await journal.RecordAsync(c.Id, new CaseChange
        {
            Key = "rated",
            Event = new CaseEventDraft("case.rated", $"申请单位评价：{rating.Level}", new Actor(caller.UserId, caller.Name, Roles.Applicant,
                caller.Organisation), now, rating.Comment),
        }, ct);
        if (rating.RectificationCaseId is { } rectification)
        {
            var entity = await RatingRectification.OpenAsync(journal, c, handler, rating, now, ct);
            await starter.EnsureStartedAsync(client, entity, nameof(RatingRectification), new RectificationInput(rectification), ct);
        }
        return rating;
    }

    /// <summary>The rectification was reported: the rating records it.</summary>
    public async Task RectifiedAsync(string handlerOrganisation, string ratedCaseId, DateTimeOffset at, CancellationToken ct = default)
    {
        var row = (await table.GetEntityAsync<RatingEntity>(handlerOrganisation, ratedCaseId, cancellationToken: ct)).Value;
        if (row.RectifiedAt is not null) return;
        row.RectifiedAt = at;
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
    }

    /// <summary>Every organisation's figures (a partition each; the table holds one row per rated case).</summary>
    public async Task<IReadOnlyList<RatingFigures>> FiguresAsync(StaffDirectory directory, CancellationToken ct = default)
    {
        var rows = new List<RatingEntity>();
        await foreach (var row in table.QueryAsync<RatingEntity>(cancellationToken: ct)) rows.Add(row);
        var figures = new List<RatingFigures>();
        foreach (var org in rows.GroupBy(r => r.PartitionKey).OrderBy(g => g.Key, StringComparer.Ordinal))
            figures.Add(new RatingFigures(org.Key, await directory.NameOfAsync(org.Key, ct), org.Count(),
                RatingLevels.All.ToDictionary(l => l, l => org.Count(r => r.Level == l)), org.Count(r => RatingLevels.IsPoor(r.Level)),
                org.Count(r => r.RectifiedAt is not null)));
        return figures;
    }
}
