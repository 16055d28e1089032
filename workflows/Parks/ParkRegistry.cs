using System.Runtime.Serialization;
using System.Text.Json;
using Azure.Data.Tables;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Storage;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Parks;

public static class ParkStatus
{
    public const string Recognised = "已认定";
    public const string Revoked = "已取消资格";
}

/// <summary>
/// A recognised park's record (row <see cref="Key"/> in its recognition case's partition), so every change after recognition
/// is one batch with its entry in the case's hash-chained timeline: the park's history.
/// </summary>
public sealed class ParkEntity : TableRow
{
    public const string Key = "park";

    public string ParkName { get; set; } = "";
    public string County { get; set; } = "";
    public string CountyBureau { get; set; } = "";
    public bool SmallCounty { get; set; }
    public string Level { get; set; } = nameof(ParkLevel.City);
    public string Status { get; set; } = ParkStatus.Recognised;
    public DateTimeOffset RecognisedOn { get; set; }
    public string ReplyNumber { get; set; } = "";
    public string ReplyAttachmentId { get; set; } = "";
    public double RewardAmount { get; set; }
    public string Layout { get; set; } = "";
    public string BranchesJson { get; set; } = "[]";
    /// <summary>The grade of the last comprehensive assessment and the year it was made in (第十五至十七条).</summary>
    public string? LastAssessmentGrade { get; set; }
    public string? PreviousAssessmentGrade { get; set; }
    public int? LastAssessmentYear { get; set; }
    /// <summary>Filing years whose operating subsidy is cancelled (整改后仍不合格: the next assessment cycle's).</summary>
    public int? SubsidyCancelledFrom { get; set; }
    public int? SubsidyCancelledTo { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    [IgnoreDataMember]
    public IReadOnlyList<BranchSite> Branches
    {
        get => JsonSerializer.Deserialize<List<BranchSite>>(BranchesJson, Json.Options)!;
        set => BranchesJson = JsonSerializer.Serialize(value, Json.Options);
    }

    [IgnoreDataMember]
    public int RecognisedYear => Shared.Time.BeijingTime.DateOf(RecognisedOn).Year;

    [IgnoreDataMember]
    public ParkLevel ParkLevel => Enum.Parse<ParkLevel>(Level);

    public bool SubsidyCancelledIn(int year) => year >= SubsidyCancelledFrom && year <= SubsidyCancelledTo;

    public static ParkEntity Recognised(ParkCaseDetails d, string replyNumber, string replyAttachmentId, DateOnly day, decimal reward)
    {
        var a = d.Application;
        var branches = a.Layout == ParkRules.MultiSite
            ? a.Branches?.ToList()
                ?? Enumerable.Range(1, a.BranchSites ?? 0).Select(n => new BranchSite($"分园区{n}", "（申报时未列明）", null)).ToList()
            : [];
        return new ParkEntity
        {
            RowKey = Key, ParkName = a.ParkName!.Trim(), County = d.County.Name, CountyBureau = d.County.HrBureau,
            SmallCounty = d.SmallCounty, RecognisedOn = Shared.Time.BeijingTime.StartOf(day),
            ReplyNumber = replyNumber, ReplyAttachmentId = replyAttachmentId,
            RewardAmount = (double)reward, Layout = a.Layout!, Branches = branches,
        };
    }
}

/// <summary>
/// One year's evaluation as filed by the county (row <c>year-yyyy</c> in the park's partition), with the subsidy's working.
/// </summary>
public sealed class ParkYearEntity : TableRow
{
    public const string Prefix = "year-";

    public int Year { get; set; }
    public int EmploymentPromoted { get; set; }
    public int Target { get; set; }
    public double Subsidy { get; set; }
    public string Working { get; set; } = "";
    public DateTimeOffset FiledAt { get; set; }
    public bool Late { get; set; }
    public string CycleCaseId { get; set; } = "";

    public static string KeyOf(int year) => $"{Prefix}{year}";
}

/// <summary>
/// The list of parks (partition <see cref="Partition"/>, row: park id), so the yearly start and the list page read one partition.
/// </summary>
public sealed class ParkListingEntity : TableRow
{
    public const string Partition = "parks";

    public string ParkName { get; set; } = "";
    public string County { get; set; } = "";
    public string CountyBureau { get; set; } = "";
    public string Status { get; set; } = "";
    public DateTimeOffset RecognisedOn { get; set; }
    public string ReplyNumber { get; set; } = "";
}

/// <summary>The recognised parks: each park's record in its case partition, and the list kept in step with it.</summary>
public sealed class ParkRegistry(StorageAccount storage, CaseJournal journal)
{
    private readonly TableClient listing = storage.Table(StorageNames.Parks);

    public Task<ParkEntity?> FindAsync(string parkId, CancellationToken ct = default) =>
        CaseId.IsWellFormed(parkId) ? journal.FindRowAsync<ParkEntity>(new CaseId(parkId), ParkEntity.Key, ct)
            : Task.FromResult<ParkEntity?>(null);

    public Task<IReadOnlyList<ParkYearEntity>> YearsAsync(string parkId, CancellationToken ct = default) =>
        journal.RowsAsync<ParkYearEntity>(new CaseId(parkId), ParkYearEntity.Prefix, ct);

    /// <summary>
    /// Records a change of the park: <paramref name="plan"/> sees the park row as it is and says the step (null: nothing to
    /// do); the park row is written with it under its ETag. The list follows.
    /// </summary>
    public async Task<Recorded?> ChangeAsync(string parkId, Func<ParkEntity, CaseChange?> plan, CancellationToken ct = default)
    {
        var id = new CaseId(parkId);
        var recorded = await journal.RecordAsync(id, async (_, ct2) =>
        {
            var park = await journal.FindRowAsync<ParkEntity>(id, ParkEntity.Key, ct2)
                ?? throw new InvalidOperationException($"{parkId} is not a recognised park.");
            var change = plan(park);
            return change is null ? null : new CaseChange
            {
                Key = change.Key, Event = change.Event, Update = change.Update,
                Notifications = change.Notifications, Rows = [park, .. change.Rows],
            };
        }, ct);
        await ListAsync(parkId, ct);
        return recorded;
    }

    /// <summary>Brings the park's line in the list in step with its record; safe to repeat.</summary>
    public async Task ListAsync(string parkId, CancellationToken ct = default)
    {
        if (await FindAsync(parkId, ct) is not { } park) return;
        await listing.UpsertEntityAsync(new ParkListingEntity
        {
            PartitionKey = ParkListingEntity.Partition, RowKey = parkId, ParkName = park.ParkName, County = park.County,
            CountyBureau = park.CountyBureau, Status = park.Status, RecognisedOn = park.RecognisedOn, ReplyNumber = park.ReplyNumber,
        }, TableUpdateMode.Replace, ct);
    }

    public async Task<IReadOnlyList<ParkListingEntity>> AllAsync(CancellationToken ct = default)
    {
        var rows = new List<ParkListingEntity>();
        await foreach (var row in listing.QueryAsync<ParkListingEntity>(e => e.PartitionKey == ParkListingEntity.Partition,
            cancellationToken: ct))
            rows.Add(row);
        return rows.OrderBy(r => r.RecognisedOn).ToList();
    }
}
