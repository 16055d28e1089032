using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Workflows.Campaigns;

/// <summary>One participant's report in a collection, as the office's page shows it.</summary>
public sealed record ParticipantReport(string Organisation, string OrganisationName, string State, DateTimeOffset? ReportedAt,
    string? ReportedBy, string? Text, string? FileName, string? FileUrl);

public sealed record CollectionView(string CaseId, string Label, int Week, DateTimeOffset DueAt, bool Moved, bool Closed,
    IReadOnlyList<ParticipantReport> Reports);

public sealed record CampaignView(string CampaignId, string Title, string DocumentNumber, DateOnly From, DateOnly To, string Weekday,
    string Status, string Rule, IReadOnlyList<string> Participants, IReadOnlyList<CollectionView> Collections);

/// <summary>
/// 定期报送 (issued by 市大气办): the campaign's case, the collections it opens as their days come, and what the office sees.
/// A campaign has no workflow of its own; each collection is a short workflow of its own week.
/// </summary>
public sealed class CampaignDesk(CaseJournal journal, CaseIndex index, WorkingCalendars calendars, WorkflowStarter starter,
    TimeProvider clock, ILogger<CampaignDesk> logger)
{
    public const string ReportState = "已报送";
    public const string LateState = "逾期报送";
    public const string MissingState = "未报送";
    public const string WaitingState = "待报送";

    public async Task<(CaseEntity Case, bool Created)> CreateAsync(DurableTaskClient client, Caller? caller, CampaignRequest? request,
        CancellationToken ct = default)
    {
        if (caller is null) throw Problem.Unauthenticated();
        if (caller.Organisation != Organisations.CityAirOffice || !caller.IsIn(Roles.Applicant))
            throw Problem.Forbidden("只有市大气办的经办人员可以发起定期报送。");
        var now = clock.GetUtcNow();
        CampaignRules.Validate(request, BeijingTime.DateOf(now));
        var r = request!;
        var id = CampaignIds.Of(r.DocumentNumber!);
        var details = new CampaignDetails(r.Title!.Trim(), r.DocumentNumber!.Trim(), r.From!.Value, r.To!.Value, r.Weekday ?? 4,
            r.Participants!, r.TaskListDueOn, caller.Name);
        var created = await journal.CreateAsync(new CaseEntity
        {
            PartitionKey = id.Value, Kind = CampaignDetails.Kind, Title = $"{details.Title}（每{details.WeekdayName}报送进展）",
            ApplicantOrganisation = Organisations.CityAirOffice, Step = "定期报送", Holder = Organisations.NameOf(Organisations.CityAirOffice),
            Parties = string.Join(',', details.Participants.Prepend(Organisations.CityAirOffice)), DetailsJson = details.ToJson(),
        }, new CaseChange
        {
            Key = "created",
            Event = new CaseEventDraft("campaign.created",
                $"发起定期报送（{details.DocumentNumber}）：{BeijingTime.FormatDate(details.From)}至{BeijingTime.FormatDate(details.To)}，" +
                $"每{details.WeekdayName}报送，报送单位{details.Participants.Count}家",
                new Actor(caller.UserId, caller.Name, Roles.Applicant, caller.Organisation), now),
        }, ct);
        var campaign = await journal.GetAsync(id, ct);
        await OpenDueAsync(client, campaign, BeijingTime.DateOf(now), ct);
        return (campaign, created);
    }

    /// <summary>The daily run (and the operators' job): every campaign opens what is due and ends after its last day.</summary>
    public async Task<IReadOnlyList<string>> OpenDueAsync(DurableTaskClient client, CancellationToken ct = default)
    {
        var today = BeijingTime.DateOf(clock.GetUtcNow());
        var opened = new List<string>();
        foreach (var id in await index.IdsAsync(CampaignDetails.Kind, CaseStatus.InProgress, ct))
        {
            // A campaign an operator suspended opens no new week until it is resumed.
            if (await journal.FindAsync(new CaseId(id), ct) is not { Suspension: null } campaign) continue;
            try { opened.AddRange(await OpenDueAsync(client, campaign, today, ct)); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One campaign's trouble must not keep the others' weeks from opening; the next run tries it again.
                logger.LogError(e, "Opening the collections of campaign {CaseId} failed", id);
            }
        }
        return opened;
    }

    private async Task<IReadOnlyList<string>> OpenDueAsync(DurableTaskClient client, CaseEntity campaign, DateOnly today,
        CancellationToken ct)
    {
        var d = CampaignDetails.Of(campaign);
        var calendar = await calendars.CurrentAsync(ct);
        var days = CampaignRules.ReportDays(d.From, d.To, d.Weekday, calendar);
        // A collection's row is written once its workflow has started: what has a row is open already.
        var rows = await journal.RowsAsync<CollectionEntity>(campaign.Id, CollectionEntity.Prefix, ct);
        var due = new List<(ReportDay Day, string CaseId, string Label)>();
        if (d.TaskListDueOn is { } planDue && calendar.NextWorkingDay(planDue) >= today)
            due.Add((new ReportDay(0, planDue, calendar.NextWorkingDay(planDue)), CampaignIds.TaskListOf(campaign.PartitionKey),
                CollectionDetails.TaskListLabel));
        due.AddRange(CampaignRules.Opening(days, today).Select(day =>
            (day, CampaignIds.CollectionOf(campaign.PartitionKey, day), CollectionDetails.WeekLabel(day))));
        var opened = new List<string>();
        foreach (var (day, caseId, label) in due.Where(c => rows.All(r => r.CaseId != c.CaseId)))
            opened.Add(await OpenAsync(client, campaign, d, day, caseId, label, ct));
        var last = days.Count == 0 ? d.To : CampaignRules.LastLateDay(days[^1].Due, calendar);
        if (today > last && opened.Count == 0 && rows.All(r => r.Closed))
            await journal.RecordAsync(campaign.Id, new CaseChange
            {
                Key = "completed",
                Event = new CaseEventDraft("campaign.completed", "定期报送期满，办结", Actor.System, clock.GetUtcNow()),
                Update = c => { c.Status = CaseStatus.Completed; c.Step = "已办结"; c.Holder = ""; },
            }, ct);
        return opened;
    }

    private async Task<string> OpenAsync(DurableTaskClient client, CaseEntity campaign, CampaignDetails d, ReportDay day, string caseId,
        string label, CancellationToken ct)
    {
        var id = new CaseId(caseId);
        var details = new CollectionDetails(campaign.PartitionKey, d.Title, d.DocumentNumber, label, day.Week, day.Scheduled, day.Due,
            d.Participants);
        var now = clock.GetUtcNow();
        await journal.CreateAsync(new CaseEntity
        {
            PartitionKey = caseId, Kind = CollectionDetails.Kind, Title = $"{d.Title}：{label}",
            ApplicantOrganisation = Organisations.CityAirOffice, Step = "各单位报送", Holder = $"报送单位{d.Participants.Count}家",
            Parties = campaign.Parties, DetailsJson = details.ToJson(),
        }, new CaseChange
        {
            Key = "opened",
            Event = new CaseEventDraft("campaign.collection-opened", $"{label}开始报送，{BeijingTime.FormatDate(day.Due)}前报送" +
                (day.Moved ? $"（{BeijingTime.FormatDate(day.Scheduled)}为休息日，顺延）" : ""), Actor.System, now),
        }, ct);
        await starter.EnsureStartedAsync(client, await journal.GetAsync(id, ct), nameof(WeeklyReporting), new CollectionInput(caseId),
            ct);
        await journal.RecordAsync(campaign.Id, new CaseChange
        {
            Key = $"opened-{caseId}",
            Event = new CaseEventDraft("campaign.collection-opened", $"{label}开始报送", Actor.System, now),
            Rows = [CollectionEntity.Of(campaign.PartitionKey, details, caseId)],
        }, ct);
        return caseId;
    }

    /// <summary>The office (and the city's supervisors) see every participant; a participant sees its own reports.</summary>
    public async Task<CampaignView> ViewAsync(Caller? caller, string? campaignId, CancellationToken ct = default)
    {
        if (caller is null) throw Problem.Unauthenticated();
        var campaign = CaseId.IsWellFormed(campaignId) ? await journal.FindAsync(new CaseId(campaignId!), ct) : null;
        if (campaign is not { Kind: CampaignDetails.Kind } || !caller.MayRead(campaign.Parties.Split(',')))
            throw Problem.NotFound("定期报送", "Campaign");
        var d = CampaignDetails.Of(campaign);
        var office = caller.Organisation == Organisations.CityAirOffice || caller.ReadsEveryCase;
        var shown = office ? d.Participants : d.Participants.Where(p => p == caller.Organisation).ToList();
        var now = clock.GetUtcNow();
        var collections = new List<CollectionView>();
        foreach (var row in await journal.RowsAsync<CollectionEntity>(campaign.Id, CollectionEntity.Prefix, ct))
        {
            var tasks = (await journal.RowsAsync<TaskEntity>(new CaseId(row.CaseId), RowKeys.TaskPrefix, ct))
                .ToDictionary(t => t.AssigneeOrganisation);
            collections.Add(new CollectionView(row.CaseId, row.Label, row.Week, row.DueAt, row.Moved, row.Closed,
                shown.Select(p => ReportOf(p, tasks.GetValueOrDefault(p), row, now)).ToList()));
        }
        return new CampaignView(campaign.PartitionKey, d.Title, d.DocumentNumber, d.From, d.To, d.WeekdayName, campaign.Status,
            CampaignRules.MovedRule, shown, collections);
    }

    private static ParticipantReport ReportOf(string organisation, TaskEntity? task, CollectionEntity row, DateTimeOffset now)
    {
        var name = Organisations.NameOf(organisation);
        if (task is { State: TaskStates.Done })
            return new ParticipantReport(organisation, name, task.DecidedAt > task.DueAt ? LateState : ReportState, task.DecidedAt,
                task.DecidedByName, task.Opinion, task.ResultFileName,
                task.ResultAttachmentId is null ? null : Routes.CaseAttachmentPath(row.CaseId, task.ResultAttachmentId));
        var state = row.Closed || task is { State: TaskStates.Cancelled } ? MissingState
            : now > row.DueAt ? TaskStates.Overdue : WaitingState;
        return new ParticipantReport(organisation, name, state, null, null, null, null, null);
    }
}
