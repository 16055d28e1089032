using Azure.Data.Tables;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Time;

/// <summary>An open deadline counted on a provisional year (partition: that year; row: what it is the deadline of).</summary>
public sealed class ProvisionalDeadlineEntity : TableRow
{
    public string Kind { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string Subject { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }

    public static string RowKeyOf(string kind, string caseId, string subject) => $"{kind}|{caseId}|{subject}";
}

/// <summary>
/// The open deadlines that rest on a provisional year, so that importing the year's notice finds each of them with one
/// partition read, and counts it again by its rule. Only provisional deadlines are written here.
/// </summary>
public sealed class ProvisionalDeadlines(StorageAccount storage)
{
    private readonly TableClient table = storage.Table(StorageNames.ProvisionalDeadlines);

    /// <param name="kind">What kind of deadline (a task's, a publicity's, a vet's pre-job training), for the recount.</param>
    /// <param name="subject">Which one within the case (a task id), or "".</param>
    public async Task TrackAsync(Deadline d, string kind, string caseId, string subject = "", CancellationToken ct = default)
    {
        foreach (var year in d.Basis.ProvisionalYears)
            await table.UpsertEntityAsync(new ProvisionalDeadlineEntity
            {
                PartitionKey = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                RowKey = ProvisionalDeadlineEntity.RowKeyOf(kind, caseId, subject), Kind = kind, CaseId = caseId,
                Subject = subject, DueAt = d.At,
            }, TableUpdateMode.Replace, ct);
    }

    public async Task<IReadOnlyList<ProvisionalDeadlineEntity>> OfYearAsync(int year, CancellationToken ct = default)
    {
        var list = new List<ProvisionalDeadlineEntity>();
        var partition = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await foreach (var row in table.QueryAsync<ProvisionalDeadlineEntity>(r => r.PartitionKey == partition, cancellationToken: ct))
            list.Add(row);
        return list;
    }

    /// <summary>The deadline no longer rests on the year (recounted on its notice, or no longer open).</summary>
    public Task ForgetAsync(ProvisionalDeadlineEntity row, CancellationToken ct = default) =>
        table.DeleteEntityAsync(row.PartitionKey, row.RowKey, cancellationToken: ct);
}
