using Azure.Data.Tables;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Cases;

/// <summary>A case as listed: one row per case in the partition of its kind and status (<c>{kind}|{status}</c>).</summary>
public sealed class CaseIndexEntity : TableRow
{
    public string Kind { get; set; } = "";
    public string Status { get; set; } = "";
    public string Title { get; set; } = "";
    public string County { get; set; } = "";
    public string Step { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Parties { get; set; } = "";

    public static string PartitionOf(string kind, string status) => $"{kind}|{status}";
}

/// <summary>What the index shows of a case: a step that leaves it unchanged does not touch the index.</summary>
public readonly record struct CaseListing(string Status, string Title, string County, string Step, string Holder,
    DateTimeOffset? DueAt, string Parties)
{
    public static CaseListing Of(CaseEntity c) => new(c.Status, c.Title, c.County, c.Step, c.Holder, c.DueAt, c.Parties);
}

public sealed record CaseQuery(string? Kind, string? Status, string? County, bool Overdue);

/// <summary>
/// Case lists served from the index, never by scanning the cases table: a query reads one partition per (kind, status)
/// it asks for, filtered by county and deadline on the server. The case row stays the truth; the journal rewrites the index
/// row after a step that changes what it shows (<see cref="CaseListing"/>), and on a retried step.
/// </summary>
public sealed class CaseIndex(StorageAccount storage)
{
    private readonly TableClient table = storage.Table(StorageNames.CaseIndex);

    public async Task WriteAsync(CaseEntity c, string? previousStatus, CancellationToken ct = default)
    {
        await table.UpsertEntityAsync(new CaseIndexEntity
        {
            PartitionKey = CaseIndexEntity.PartitionOf(c.Kind, c.Status), RowKey = c.PartitionKey, Kind = c.Kind, Status = c.Status,
            Title = c.Title, County = c.County, Step = c.Step, Holder = c.Holder, DueAt = c.DueAt,
            CreatedAt = c.CreatedAt, Parties = c.Parties,
        }, TableUpdateMode.Replace, ct);
        if (previousStatus is not null && previousStatus != c.Status)
            await table.DeleteEntityAsync(CaseIndexEntity.PartitionOf(c.Kind, previousStatus), c.PartitionKey, cancellationToken: ct);
    }

    /// <summary>The ids of every case of a kind in a status (one partition): what a daily job works through.</summary>
    public async Task<IReadOnlyList<string>> IdsAsync(string kind, string status, CancellationToken ct = default)
    {
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {CaseIndexEntity.PartitionOf(kind, status)}");
        await foreach (var row in table.QueryAsync<CaseIndexEntity>(filter, select: ["RowKey"], cancellationToken: ct)) ids.Add(row.RowKey);
        return ids;
    }

    /// <summary>The cases the caller may read that match, soonest deadline first. Unknown kinds or statuses are refused.</summary>
    public async Task<IReadOnlyList<CaseIndexEntity>> ListAsync(Caller caller, CaseQuery q, IReadOnlyList<string> kinds, DateTimeOffset now,
        CancellationToken ct = default)
    {
        new Validator()
            .Require(q.Kind is null || kinds.Contains(q.Kind), "kind", "allowed-kind", $"办件类型只能是：{string.Join("、", kinds)}。",
                $"kind must be one of {string.Join(", ", kinds)}.")
            .Require(q.Status is null || CaseStatus.All.Contains(q.Status), "status", "allowed-status",
                $"办件状态只能是：{string.Join("、", CaseStatus.All)}。", $"status must be one of {string.Join(", ", CaseStatus.All)}.")
            .Require(q.County is null || q.County.Length is > 0 and <= 30, "county", "max-length", "县（市、区）名称不能超过30字。",
                "county must be 1–30 characters.")
            .Require(!(q.Overdue && q.Status is not null && !CaseStatus.IsOpen(q.Status)), "overdue", "open-only",
                "只有未办结的办件才会逾期。", "Only open cases can be overdue.")
            .ThrowIfInvalid();
        var statuses = q.Status is not null ? [q.Status] : q.Overdue ? CaseStatus.All.Where(CaseStatus.IsOpen).ToList() : CaseStatus.All;
        var found = new List<CaseIndexEntity>();
        foreach (var kind in q.Kind is null ? kinds : [q.Kind])
            foreach (var status in statuses)
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {CaseIndexEntity.PartitionOf(kind, status)}");
                if (q.County is not null) filter += " and " + TableClient.CreateQueryFilter($"County eq {q.County}");
                if (q.Overdue) filter += " and " + TableClient.CreateQueryFilter($"DueAt lt {now}");
                await foreach (var row in table.QueryAsync<CaseIndexEntity>(filter, cancellationToken: ct))
                    if (caller.MayRead(row.Parties.Split(','))) found.Add(row);
            }
        return found.OrderBy(r => r.DueAt ?? DateTimeOffset.MaxValue).ThenByDescending(r => r.CreatedAt).ToList();
    }
}
